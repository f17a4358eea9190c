"""The Lists area: the council's reference lists (wards, prohibitions, hostility categories,
partners and schools), administered centrally or, on a stand-alone laptop, locally."""

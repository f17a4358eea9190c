"""hfhate: the field tool for Hammersmith & Fulham's community safety teams."""

__version__ = "0.2.0"
APP_NAME = "hfhate"
APP_AUTHOR = "LBHF"

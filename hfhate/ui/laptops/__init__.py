"""The Laptops area: every laptop enrolled with the server, as the server last saw it."""

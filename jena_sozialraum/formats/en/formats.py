"""Dates and times on the English pages of a German city's portal: day before month with the
month's name (no "9/10/2026" that Germans and Americans read differently) and the 24-hour clock
used on every notice in Jena. German pages keep Django's German formats."""

DATE_FORMAT = "j F Y"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "j F Y, H:i"
MONTH_DAY_FORMAT = "j F"
YEAR_MONTH_FORMAT = "F Y"
SHORT_DATE_FORMAT = "j M Y"
SHORT_DATETIME_FORMAT = "j M Y, H:i"
FIRST_DAY_OF_WEEK = 1  # Monday

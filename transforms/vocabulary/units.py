"""Units written after a number: measures ("700 KG", "850 KM"), durations and clock words ("FOR 1
HOUR", "1415 GMT"), percentages ("45 PERCENT") and rates ("3 per day", "four times")."""

from __future__ import annotations

LENGTH_AREA_VOLUME_UNITS = frozenset({
    "km", "kms", "kilometer", "kilometers", "kilometre", "kilometres", "m", "meter", "meters",
    "metre", "metres", "cm", "centimeter", "centimeters", "centimetre", "centimetres", "mm",
    "millimeter", "millimeters", "millimetre", "millimetres", "nm", "nanometer", "nanometers",
    "nanometre", "nanometres", "mile", "miles", "mi", "ft", "foot", "feet", "inch", "inches",
    "yard", "yards", "yd", "yds", "hectare", "hectares", "ha", "acre", "acres", "liter", "liters",
    "litre", "litres", "l", "ml", "cl", "gallon", "gallons", "barrel", "barrels", "bbl", "cc",
})  # fmt: skip
MASS_UNITS = frozenset({
    "kg", "kgs", "kilo", "kilos", "kilogram", "kilograms", "kilogramme", "kilogrammes", "g",
    "gram", "grams", "gramme", "grammes", "mg", "milligram", "milligrams", "ton", "tons", "tonne",
    "tonnes", "t", "lb", "lbs", "pound", "pounds", "ounce", "ounces", "oz",
})  # fmt: skip
# Speed, temperature ("30 C"), energy, power, frequency and data sizes.
OTHER_PHYSICAL_UNITS = frozenset({
    "caliber", "calibre",
    "mph", "kph", "kmh", "knot", "knots", "degree", "degrees", "c", "f", "celsius", "fahrenheit",
    "kelvin", "watt", "watts", "kw", "mw", "gw", "kwh", "mwh", "gwh", "volt", "volts", "kv", "hz",
    "khz", "mhz", "ghz", "byte", "bytes", "kb", "mb", "gb", "tb", "horsepower", "hp",
})  # fmt: skip
# Points of an index, a poll or a game ("fell 151.20 points", "a margin of 20 points"): a measure
# with unit "points" ("3.5 percentage points" is a share, read first).
SCORE_UNITS = frozenset({"points", "point", "pts"})
MEASURE_UNITS = LENGTH_AREA_VOLUME_UNITS | MASS_UNITS | OTHER_PHYSICAL_UNITS | SCORE_UNITS
# Words that only make a unit with the word after them: "square kilometres", "nautical miles".
MEASURE_UNIT_PREFIXES = frozenset({"sq", "square", "cubic", "nautical", "metric", "short", "long"})
# Durations and clock readings ("FOR 1 HOUR", "24-year-old", "1415 GMT", "3 pm").
TIME_UNITS = frozenset({
    "second", "seconds", "sec", "secs", "minute", "minutes", "min", "mins", "hour", "hours", "hr",
    "hrs", "h", "day", "days", "week", "weeks", "fortnight", "fortnights", "month", "months",
    "year", "years", "yr", "yrs", "decade", "decades", "century", "centuries", "annum", "am", "pm",
    "gmt", "utc",
})  # fmt: skip
# A share: "45 PERCENT", "45%", "45 per cent", "3.5 percentage points".
PERCENT_WORDS = frozenset({"percent", "pct", "%", "percentage"})
# Rates, multipliers and frequencies: "3 per day", "four times", "on several occasions".
RATE_WORDS = frozenset({"per", "times", "fold", "occasion", "occasions"})
# Money words no currency table names but which are still no count ("50 cents").
MINOR_CURRENCY_WORDS = frozenset({"cent", "cents", "penny", "pennies", "dime", "dimes"})

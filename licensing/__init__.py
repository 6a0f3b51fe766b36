"""Licences as data: the plans an operator sells, what each allows, and the monthly bill. Pure: no
clock, no database; the callers pass the day and the changes."""

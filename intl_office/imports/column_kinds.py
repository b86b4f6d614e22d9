"""How a list export's raw value becomes a cell, shared by the Python writer (``list_export``) and the one PostgreSQL
runs (``sql_rows``): TEXT is a string or None, AS_IS a date or number, RENDERED needs the column's render(), MAPPED is
a stored code looked up in the column's labels (choices and countries)."""

TEXT, AS_IS, RENDERED, MAPPED = "text", "as_is", "rendered", "mapped"

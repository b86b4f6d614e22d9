"""Spreadsheets in and out: importing files of records, and exporting any admin list as CSV or XLSX.

The same engine serves the admin's import pages and ``manage.py import_records``:

1. ``files.read_table`` checks the file (size, type, encoding, limits, formulas) and returns its header and rows;
2. ``engine.run_import`` checks the columns and duplicate rows, runs the kind's resource inside one transaction and
   turns django-import-export's results into plain messages ("row 14, arrival date: '31/02/2024' is not a date").
   Anything wrong, and the transaction is rolled back: a file is imported whole or not at all.

Row numbers are the spreadsheet's own: the header is row 1, so the first record is row 2.

- ``kinds``: the kinds of record, each with the resource its domain app declares (``<app>/resources.py``);
- ``files``: reading the file (``read_table``), with ``limits`` (what a file may hold, from the settings),
  ``encodings`` (a CSV file's text: UTF-8 or GBK, else refused naming what it could be) and ``xlsx`` (the zip checked
  before anything is parsed, then the first sheet read as a stream);
- ``engine``: running an import and its report (``run_import``, ``ImportReport``, ``plain_message``);
- ``admin_import``: the admin's upload, preview and confirm pages;
- ``list_export``: every admin list's "Export selected as CSV / Excel" actions, with the import's columns.

The feature plugs itself into every office admin when the app is ready (``apps.ImportsConfig.ready``), so the
domain apps' admins know nothing of it.
"""

"""Import and export of indicator values: CSV, XLSX (plain sheets and fillable form templates)
and DHIS2 ``dataValueSets`` JSON.

Every import is checked whole before anything is stored, then written in one transaction; see
``tongket.transfer.services.files_import``.
"""

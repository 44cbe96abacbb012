"""Documents tongket writes from its data: the year-end review report of a unit, the
conclusion notice of a meeting (both in the format of Nghị định 30/2020/NĐ-CP, as DOCX, PDF
and XLSX) and the portal article about a meeting (plain text and HTML).

Each document is built in two steps: a selector gathers everything it shows into a tree of
plain dataclasses (``content``), then a renderer turns the tree into a file without reading
the database.
"""

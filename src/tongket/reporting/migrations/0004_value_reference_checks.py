"""PostgreSQL: the value table's references to units, indicators and periods are checked once
per statement instead of once per row.

A foreign key checks every inserted row on its own at commit (a look-up and a lock of the
referenced row): 60 % of the database's time when an import writes 1.6 M values. Here the
three foreign keys are replaced by statement-level triggers that check all the rows a statement
wrote in one anti-join, and by triggers on the three referenced tables that refuse to delete a
row that values refer to. The rules are the same (a value refers to a unit, an indicator and a
period that exist, and those cannot be deleted while it does); what is lost is only the lock a
foreign key takes on the referenced row, which matters if a unit is deleted by hand at the very
moment values for it are written (units, indicators and periods are never deleted by tongket:
they are protected and end by their validity dates). SQLite keeps its foreign keys, whose check
is a cheap look-up there.

A later migration that alters these three fields on PostgreSQL must drop these triggers first
(``reverse`` below puts the foreign keys back).
"""

from django.db import migrations

_REFS = (
    ("unit_id", "units_unit"),
    ("indicator_id", "indicators_indicator"),
    ("period_id", "reporting_period"),
)

_FORWARD = """
DO $$
DECLARE name text;
BEGIN
  FOR name IN
    SELECT c.conname FROM pg_constraint c
    JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = ANY (c.conkey)
    WHERE c.conrelid = 'reporting_value'::regclass AND c.contype = 'f'
      AND a.attname IN ('unit_id', 'indicator_id', 'period_id')
  LOOP
    EXECUTE format('ALTER TABLE reporting_value DROP CONSTRAINT %I', name);
  END LOOP;
END $$;

CREATE FUNCTION tk_value_refs_check() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (
    SELECT 1 FROM tk_written w
    LEFT JOIN units_unit u ON u.id = w.unit_id
    LEFT JOIN indicators_indicator i ON i.id = w.indicator_id
    LEFT JOIN reporting_period p ON p.id = w.period_id
    WHERE u.id IS NULL OR i.id IS NULL OR p.id IS NULL
  ) THEN
    RAISE foreign_key_violation USING MESSAGE =
      'reporting_value: a value refers to a unit, indicator or period that does not exist';
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER tk_value_refs_insert AFTER INSERT ON reporting_value
  REFERENCING NEW TABLE AS tk_written FOR EACH STATEMENT EXECUTE FUNCTION tk_value_refs_check();
CREATE TRIGGER tk_value_refs_update AFTER UPDATE ON reporting_value
  REFERENCING NEW TABLE AS tk_written FOR EACH STATEMENT EXECUTE FUNCTION tk_value_refs_check();

CREATE FUNCTION tk_value_referenced_check() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (
    SELECT 1 FROM tk_gone g JOIN reporting_value v ON
      (TG_TABLE_NAME = 'units_unit' AND v.unit_id = g.id)
      OR (TG_TABLE_NAME = 'indicators_indicator' AND v.indicator_id = g.id)
      OR (TG_TABLE_NAME = 'reporting_period' AND v.period_id = g.id)
  ) THEN
    RAISE foreign_key_violation USING MESSAGE =
      format('%s: values refer to a row being deleted', TG_TABLE_NAME);
  END IF;
  RETURN NULL;
END $$;
"""

_PARENT_TRIGGERS = "".join(
    f"CREATE TRIGGER tk_value_referenced AFTER DELETE ON {table} REFERENCING OLD TABLE AS tk_gone"
    f" FOR EACH STATEMENT EXECUTE FUNCTION tk_value_referenced_check();\n"
    for _, table in _REFS
)

_REVERSE = (
    "".join(f"DROP TRIGGER IF EXISTS tk_value_referenced ON {table};\n" for _, table in _REFS)
    + "DROP TRIGGER IF EXISTS tk_value_refs_insert ON reporting_value;\n"
    + "DROP TRIGGER IF EXISTS tk_value_refs_update ON reporting_value;\n"
    + "DROP FUNCTION IF EXISTS tk_value_refs_check();\n"
    + "DROP FUNCTION IF EXISTS tk_value_referenced_check();\n"
    + "".join(
        f"ALTER TABLE reporting_value ADD CONSTRAINT reporting_value_{column}_fk_{table}_id"
        f" FOREIGN KEY ({column}) REFERENCES {table} (id) DEFERRABLE INITIALLY DEFERRED;\n"
        for column, table in _REFS
    )
)


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(_FORWARD + _PARENT_TRIGGERS, params=None)


def reverse(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(_REVERSE, params=None)


class Migration(migrations.Migration):
    dependencies = [("reporting", "0003_value_index_review")]

    operations = [migrations.RunPython(forward, reverse)]

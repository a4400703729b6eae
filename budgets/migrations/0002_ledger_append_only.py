from django.db import migrations

# The ledger is append-only: PostgreSQL refuses UPDATE and DELETE on its rows, whoever asks
# (admin, shell, a bug). Corrections are new bookings.
FORWARD = """
CREATE FUNCTION budgets_ledger_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'budget bookings are append-only (% refused)', TG_OP
        USING ERRCODE = 'integrity_constraint_violation';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER budgets_budgetbuchung_append_only
    BEFORE UPDATE OR DELETE ON budgets_budgetbuchung
    FOR EACH ROW EXECUTE FUNCTION budgets_ledger_append_only();
"""

BACKWARD = """
DROP TRIGGER budgets_budgetbuchung_append_only ON budgets_budgetbuchung;
DROP FUNCTION budgets_ledger_append_only();
"""


class Migration(migrations.Migration):
    dependencies = [("budgets", "0001_initial")]

    operations = [migrations.RunSQL(FORWARD, BACKWARD)]

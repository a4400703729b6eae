"""axe-core on the public budget pages, in German and English: the overview with chart and
table, the overview with a wrong year, and the pages of two social spaces (this year's with
running projects and goals, last year's with closed ones). The data is the demo
(load_jena --demo), so the pages show what they would show live. Loading the demo takes a few
seconds, so one test per language walks all pages."""

import pytest
from django.core.management import call_command
from django.utils import timezone

from jena_sozialraum.a11y_testing import LANGUAGE_PREFIXES, assert_accessible

pytestmark = pytest.mark.browser


@pytest.fixture
def year(jena):
    call_command("load_jena", "--demo", verbosity=0)
    return timezone.localdate().year


@pytest.mark.parametrize("language", LANGUAGE_PREFIXES)
def test_public_budget_pages_have_no_accessibility_violations(page, axe, year, language):
    base = page.base_url + LANGUAGE_PREFIXES[language]

    response = page.goto(f"{base}/budgets/")
    assert response.status == 200
    assert page.locator("svg[role=img]").is_visible()
    assert page.locator("table.budget-table tbody tr").count() == 5
    assert page.locator("select[name=jahr]").input_value() == str(year)
    assert_accessible(page, axe, language)

    page.get_by_role("link", name="Lobeda").first.click()
    assert page.url.endswith(f"/budgets/{year}/lobeda/")
    assert page.locator("article.project").count() > 0
    assert page.locator("progress").count() > 0
    for bar in page.locator("progress").all():
        assert page.locator(f"label[for='{bar.get_attribute('id')}']").is_visible()
    assert_accessible(page, axe, language)

    page.goto(f"{base}/budgets/")
    page.locator("select[name=jahr]").select_option(str(year - 1))
    page.locator("form.year-form button[type=submit]").click()
    assert page.url.endswith(f"/budgets/?jahr={year - 1}")
    page.get_by_role("link", name="Nord").first.click()
    assert page.url.endswith(f"/budgets/{year - 1}/nord/")
    assert_accessible(page, axe, language)

    page.goto(f"{base}/budgets/?jahr=1999")
    assert page.locator(".error-summary").is_visible()
    assert_accessible(page, axe, language)

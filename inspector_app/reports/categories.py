"""The app's decision codes mapped to the customs categories used in reports.

Why a table: supervisors and partner agencies read "CITES wildlife" and "Duties / excise",
not the short codes stored in the log; one mapping keeps every report and chart consistent.
"""

from __future__ import annotations

from inspector_app.domain import Category

CUSTOMS_LABELS: dict[str, str] = {
    Category.COUNTERFEIT.value: "Counterfeit goods",
    Category.DRUGS.value: "Drugs",
    Category.WILDLIFE.value: "CITES wildlife",
    Category.EXCISE.value: "Duties / excise",
    Category.WEAPONS.value: "Weapons",
    Category.MEDICINES.value: "Medicines",
    Category.CURRENCY.value: "Currency",
    Category.DANGEROUS_GOODS.value: "Dangerous goods",
    Category.OTHER.value: "Other",
}
"""Category code -> report label, in the order reports list them."""

REFER_LABEL = "Referred to manual search"
CLEAR_LABEL = "Cleared"


def customs_label(verdict: str, category: str | None) -> str:
    """The report label of one decision: its customs category, or what the verdict means."""
    if verdict == "suspect":
        return CUSTOMS_LABELS.get(category or "", f"Unknown category ({category})")
    if verdict == "refer":
        return REFER_LABEL
    return CLEAR_LABEL

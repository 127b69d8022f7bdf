"""Problems found in an imported file, stored as plain data and shown in the reader's language.

A problem is a dict with a `code`, and where it applies the `row` (as the spreadsheet numbers
it), the `column` (its header, with the column letter) and the `value` found there, plus the
parameters of its message. It is stored in the import's report and translated when shown.
"""

from typing import Any

from django.utils.translation import gettext_lazy as _

MAX_SHOWN_VALUE = 80

MESSAGES: dict[str, Any] = {
    "empty_file": _("The file is empty."),
    "too_large": _("The file is larger than %(limit)s, the most that is accepted."),
    "wrong_type": _("The file is neither a CSV file nor an XLSX workbook."),
    "xlsx_damaged": _("The XLSX file is damaged and cannot be read."),
    "xlsx_too_large": _("The XLSX file unpacks to more than %(limit)s; it is refused."),
    "encoding": _(
        "The text is not valid %(encoding)s: the bytes %(bytes)s cannot be read. Save the file "
        "as “CSV UTF-8”, or choose the encoding it was saved in."
    ),
    "csv_damaged": _("The CSV file cannot be read: %(detail)s."),
    "no_header": _(
        "No header row found: the first rows name no known column (such as “Gebiet”, “Jahr”, "
        "“Anzahl”)."
    ),
    "unknown_column": _(
        "This column is not known. Known columns: %(known)s. In a wide table the other "
        "columns must all be categories of one dimension."
    ),
    "missing_column": _("The column “%(column)s” is missing."),
    "duplicate_column": _("This column appears twice."),
    "empty_value": _("The cell is empty."),
    "unknown_area": _("This area is not known. Known areas: %(known)s."),
    "unknown_category": _("“%(value)s” is not a known category of %(dimension)s."),
    "mixed_nationality": _(
        "The column mixes citizenship (German/foreign) with single nationalities."
    ),
    "not_a_count": _("A count must be a whole number."),
    "negative": _("A count cannot be negative."),
    "hidden_in_source": _(
        "The value is hidden in the source (“%(value)s”). Import the unsuppressed figures; "
        "Querschnitt hides small counts itself before publishing."
    ),
    "not_a_year": _("This is not a year."),
    "not_a_date": _("This is not a date (expected e.g. 31.12.2022)."),
    "future_date": _("The date %(date)s lies in the future."),
    "future_year": _("The year %(year)s lies in the future."),
    "before_birth": _("The year of moving in lies before the year of birth."),
    "duplicate_key": _("The same combination appears already in row %(first)s."),
    "total_mismatch": _(
        "The total does not add up: the rows it sums give %(expected)s, the file says %(value)s."
    ),
    "total_without_detail": _("A total without the rows it sums."),
    "no_rows": _("The file has a header but no rows with counts."),
    "too_many_rows": _("The file has more than %(limit)s rows."),
    "no_reference_date": _(
        "The reference date is missing: give it in the form, in the file's metadata or as a "
        "column “Stichtag” or “Jahr”."
    ),
    "dims_differ": _(
        "The figure “%(figure)s” is broken down by %(expected)s; the file by %(found)s."
    ),
    "area_level": _(
        "The figure “%(figure)s” is counted for the whole municipality only, but the file has "
        "rows for districts."
    ),
    "metadata_conflict": _("The file's metadata says %(file)s for “%(key)s”, the form %(form)s."),
    "unknown_metadata": _("“%(value)s” is not a known %(key)s."),
    # Register extracts
    "register_missing_value": _("The cell is empty, but this column needs a value."),
    "register_bad_integer": _("Expected a whole number."),
    "register_age": _("An age must lie between 0 and 120."),
    "register_sex": _("Expected m, w, d or x."),
    "register_country": _("Expected a two-letter country code (ISO 3166), e.g. DE or TR."),
    "register_acquisition": _(
        "Expected one of: geburt, einbuergerung, aussiedler, geburtsortprinzip, adoption "
        "(or empty)."
    ),
    "register_origin": _("Expected ausland, inland or an empty cell."),
    "register_duplicate_id": _("This person number appears more than once."),
    "register_unknown_parent": _("No person with this number is in the extract."),
    "register_own_parent": _("A person cannot be their own parent."),
    "register_year_too_early": _("The year is before 1900."),
    "register_count_failed": _(
        "The file could not be counted because of an error on the server; nothing has been "
        "imported. Please upload it again."
    ),
    "register_count_timed_out": _(
        "The file was not counted within %(minutes)s minutes: the background worker stopped. "
        "Nothing has been imported and the file has been deleted. Please upload it again."
    ),
}


def problem(code: str, **params: Any) -> dict[str, Any]:
    if "value" in params and params["value"] is not None:
        value = str(params["value"])
        params["value"] = value if len(value) <= MAX_SHOWN_VALUE else value[:MAX_SHOWN_VALUE] + "…"
    return {"code": code, **params}


def column_letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def problem_text(entry: dict[str, Any]) -> str:
    """The message of a stored problem, in the active language."""
    template = MESSAGES.get(entry.get("code", ""), _("Unknown problem."))
    params = {key: value for key, value in entry.items() if key != "code"}
    try:
        return str(template) % params
    except (KeyError, TypeError, ValueError):
        return str(template)


class FileRefused(Exception):
    """The file as a whole cannot be read; nothing of it is imported."""

    def __init__(self, problems: list[dict[str, Any]]) -> None:
        super().__init__(problems)
        self.problems = problems

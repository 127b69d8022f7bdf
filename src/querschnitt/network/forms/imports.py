"""Forms of the import: the upload, and the decisions on likely duplicates."""

import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from querschnitt.core.forms import Form
from querschnitt.network.imports import (
    DEFAULT_DECISIONS,
    MAX_FILE_BYTES,
    MAX_ROWS,
    XLSX_MEDIA_TYPE,
    decision_choices,
    human_size,
    problem,
    problem_text,
)


class ImportUploadForm(Form):
    file = forms.FileField(
        label=gettext_lazy("List of organisations (XLSX or CSV)"),
        widget=forms.FileInput(attrs={"accept": f".xlsx,.csv,.txt,text/csv,{XLSX_MEDIA_TYPE}"}),
    )

    def __init__(self, *args: Any, refused_too_large: bool = False, **kwargs: Any) -> None:
        """`refused_too_large`: the upload handler stopped receiving the file at the limit."""
        super().__init__(*args, **kwargs)
        self.refused_too_large = refused_too_large
        self.fields["file"].required = not refused_too_large
        self.fields["file"].help_text = _(
            "At most %(size)s and %(rows)s rows. Nothing is saved until you have checked the "
            "preview and confirmed it."
        ) % {
            "size": human_size(MAX_FILE_BYTES),
            "rows": number_format(MAX_ROWS, force_grouping=True),
        }

    def clean_file(self) -> UploadedFile:
        upload: UploadedFile | None = self.cleaned_data.get("file")
        if self.refused_too_large or upload is None or (upload.size or 0) > MAX_FILE_BYTES:
            raise ValidationError(
                problem_text(problem("too_large", limit=human_size(MAX_FILE_BYTES)))
            )
        return upload


DECISION_FIELD = re.compile(r"decision_(\d{1,9})")


def decision_field_name(row: int) -> str:
    return f"decision_{row}"


class ImportDecisionForm(Form):
    """One choice per likely duplicate (of one page): skip, create, or update an entry.

    `current` holds the decisions in force, which the fields show. With `save_url`, htmx
    saves each decision there as soon as it is chosen; without JavaScript, the page's button
    saves them."""

    def __init__(
        self,
        *args: Any,
        rows: list[dict[str, Any]],
        current: dict[int, str] | None = None,
        save_url: str = "",
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.rows = rows
        current = current or {}
        for row in rows:
            attributes = {}
            if save_url:
                attributes = {
                    "hx-post": save_url,
                    "hx-trigger": "change",
                    "hx-vals": '{"action": "decide"}',
                    "hx-target": f"#decision-status-{row['row']}",
                    "hx-swap": "innerHTML",
                }
            self.fields[decision_field_name(row["row"])] = forms.ChoiceField(
                label=_("Decision for row %(row)s") % {"row": row["row"]},
                choices=decision_choices(row),
                initial=current.get(row["row"], "skip"),
                required=False,
                widget=forms.Select(attrs=attributes),
            )

    def decisions(self) -> dict[int, str]:
        return {
            row["row"]: self.cleaned_data.get(decision_field_name(row["row"])) or "skip"
            for row in self.rows
        }


class ImportDefaultDecisionForm(Form):
    """The decision for every likely duplicate that has none of its own."""

    default = forms.ChoiceField(
        label=gettext_lazy("Decision for every likely duplicate"),
        choices=list(DEFAULT_DECISIONS.items()),
    )

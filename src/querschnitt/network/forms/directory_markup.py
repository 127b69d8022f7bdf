"""The directory's filter fields, written out in Python from pieces kept per municipality,
its districts and the language (`around`): a search or filters nobody asked before writes
only what it asks (the words, the checked boxes, the selected options, the open groups) into
them. Labels and options are the same for every visitor; nothing of a request is kept.

`test_directory_filter_markup.py` holds the markup to the templates it replaced (the filter
fields, groups and selects of `network/`) and to `core/forms/field.html`, for any data.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any

from django import forms
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from querschnitt.core.kept import Kept, around
from querschnitt.core.rows import shown


@dataclass(frozen=True)
class Options:
    """A group's options, each written up to and from its mark (` checked`, ` selected`)."""

    values: tuple[Any, ...]
    before: tuple[str, ...]
    after: tuple[str, ...]

    def written(self, mark: str, marked: Callable[[Any], bool]) -> str:
        return "".join(
            f"{head}{mark}{tail}" if marked(value) else head + tail
            for value, head, tail in zip(self.values, self.before, self.after, strict=True)
        )


@dataclass(frozen=True)
class Group:
    """A group of check boxes in a disclosure, open when anything of it was asked."""

    name: str
    head: str
    options: Options


@dataclass(frozen=True)
class Select:
    name: str
    head: str
    options: Options


@dataclass(frozen=True)
class FilterPieces:
    search: tuple[str, str]  # the search field up to where its words go, and from there
    groups: tuple[Group, Group]
    selects: tuple[Select, Select]
    step_free: tuple[str, str]  # the check box up to where ` checked` goes, and from there


_pieces: Kept[FilterPieces] = Kept(64)

GROUP_HEAD = '\n  <details class="kern-accordion"'
GROUP_END = "\n        </div>\n      </fieldset>\n    </div>\n  </details>\n\n\n"
SELECT_END = "\n      </select>\n    </div>\n  </div>\n"


def filter_fields_markup(form: Any) -> SafeString:
    """The directory's filter fields for `form` (a `DirectoryFilterForm`)."""
    municipality = form.municipality
    pieces = _pieces.get(
        (municipality.pk, tuple(form.district_rows(municipality)), *around(municipality)),
        lambda: filter_pieces(type(form)(municipality=municipality)),
    )
    errors = form.errors
    out = [alert() if errors else "", "\n        "]
    if "q" in errors:
        out.append(str(form["q"].as_field_group()))
    else:
        words = asked(form, "q")
        value = "" if words is None or words == "" else f' value="{shown(str(words))}"'
        out += (pieces.search[0], value, pieces.search[1])
    out.append("\n        \n")
    for group in pieces.groups:
        chosen = asked(form, group.name)
        out += (GROUP_HEAD, " open" if chosen else "", group.head)
        out += (group.options.written(" checked", partial(contains, chosen)), GROUP_END)
    for select in pieces.selects:
        current = asked(form, select.name)
        current = str("" if current is None else current)
        out += (select.head, select.options.written(" selected", current.__eq__), SELECT_END)
    out.append("\n\n        ")
    if "barrierefrei" in errors:
        out.append(str(form["barrierefrei"].as_field_group()))
    else:
        widget = form.base_fields["barrierefrei"].widget
        checked = widget.check_test(asked(form, "barrierefrei"))
        out += (pieces.step_free[0], " checked" if checked else "", pieces.step_free[1])
    return mark_safe("".join(out))  # the pieces are escaped, and the words above


def asked(form: forms.Form, name: str) -> Any:
    """`form[name].value()`, without the copy of the form's fields that a bound field makes:
    what the field's widget reads from the data, or the initial value of a form asking
    nothing."""
    field = form.base_fields[name]
    if not form.is_bound:
        return form.get_initial_for_field(field, name)
    return field.widget.value_from_datadict(form.data, form.files, form.add_prefix(name))


def alert() -> str:
    return (
        '\n          <div class="kern-alert kern-alert--danger" role="alert">\n'
        '            <div class="kern-alert__header"><span class="kern-icon kern-icon--danger"'
        ' aria-hidden="true"></span><span class="kern-title">'
        f"{_('Some filters are not valid and are ignored.')}</span></div>\n"
        "          </div>\n        "
    )


def contains(container: Any, value: Any) -> bool:
    """`{% if value in container %}`: false where `in` fails (on None, say)."""
    try:
        return value in container
    except TypeError:
        return False


def filter_pieces(form: forms.Form) -> FilterPieces:
    """The fixed parts of the markup, from a form that asks nothing."""
    fields = form.fields
    search = fields["q"]
    return FilterPieces(
        search=(
            '<div class="kern-form-input qs-field">\n'
            f'    <label class="kern-label" for="id_q">{shown(search.label)}'
            f' <span class="kern-label__optional">– {_("optional")}</span></label>\n'
            f'    <div class="kern-hint" id="id_q_helptext">{shown(search.help_text)}</div>\n'
            '    <input type="search" name="q"',
            f' autocomplete="off" maxlength="{search.max_length}"'  # type: ignore[attr-defined]
            ' aria-describedby="id_q_helptext" class="kern-form-input__input" id="id_q">\n'
            "    \n\n  </div>",
        ),
        groups=(group("art", fields["art"]), group("thema", fields["thema"])),
        selects=(select("sprache", fields["sprache"]), select("bezirk", fields["bezirk"])),
        step_free=(
            '<div class="kern-form-check qs-field">\n'
            '    <input type="checkbox" name="barrierefrei" class="kern-form-check__checkbox"'
            ' id="id_barrierefrei"',
            '>\n    <label class="kern-label" for="id_barrierefrei">'
            f"{shown(fields['barrierefrei'].label)}</label>\n    \n    \n\n  </div>",
        ),
    )


def options(values: Sequence[Any], before: Sequence[str], after: Sequence[str]) -> Options:
    return Options(tuple(values), tuple(before), tuple(after))


def group(name: str, field: forms.Field) -> Group:
    label = shown(field.label)
    choices = list(field.choices)  # type: ignore[attr-defined]
    return Group(
        name=name,
        head=(
            '>\n    <summary class="kern-accordion__header">'
            f'<span class="kern-title">{label}</span></summary>\n'
            '    <div class="kern-accordion__body">\n'
            '      <fieldset class="kern-fieldset">\n'
            f'        <legend class="kern-label">{label}</legend>\n'
            '        <div class="kern-fieldset__body">\n          '
        ),
        options=options(
            [value for value, _label in choices],
            [
                '\n            <div class="kern-form-check">'
                '\n              <input class="kern-form-check__checkbox" type="checkbox"'
                f' name="{name}" value="{shown(value)}" id="id_{name}_{index}"'
                for index, (value, _label) in enumerate(choices)
            ],
            [
                f'>\n              <label class="kern-label" for="id_{name}_{index}">'
                f"{shown(label)}</label>\n            </div>\n          "
                for index, (_value, label) in enumerate(choices)
            ],
        ),
    )


def select(name: str, field: forms.Field) -> Select:
    choices = list(field.choices)  # type: ignore[attr-defined]
    return Select(
        name=name,
        head=(
            '\n  <div class="kern-form-input qs-field">\n'
            f'    <label class="kern-label" for="id_{name}">{shown(field.label)}</label>\n'
            '    <div class="kern-form-input__select-wrapper">\n'
            f'      <select class="kern-form-input__select" name="{name}" id="id_{name}">\n'
            "        "
        ),
        options=options(
            [str(value) for value, _label in choices],
            [f'<option value="{shown(value)}"' for value, _label in choices],
            [f">{shown(label)}</option>" for _value, label in choices],
        ),
    )

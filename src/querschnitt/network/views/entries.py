"""Entry requests, representatives and their changes (being built)."""

from querschnitt.network.views._stub import NotBuiltYet, not_built_yet

EntryRequestView = NotBuiltYet
entry_confirm = not_built_yet
EntryQueue = NotBuiltYet
EntryDecide = NotBuiltYet
ChangeDecide = NotBuiltYet
MyOrganisations = NotBuiltYet
MyOrganisationEdit = NotBuiltYet

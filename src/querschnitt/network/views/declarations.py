"""Declarations, signing and alliances (being built)."""

from querschnitt.network.views._stub import NotBuiltYet, not_built_yet

DeclarationView = NotBuiltYet
SignView = NotBuiltYet
WithdrawRequestView = NotBuiltYet
signature_confirm = not_built_yet
SignatureWithdrawView = NotBuiltYet
AllianceView = NotBuiltYet

"""The office keeps its bodies: composition rules, members, terms, persons, places."""

from datetime import timedelta
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import ListView, TemplateView

from querschnitt.bodies.forms import (
    BodyForm,
    LocationForm,
    MembershipForm,
    PersonAccessForm,
    PersonForm,
    SeatGroupForm,
    TermForm,
)
from querschnitt.bodies.models import (
    Body,
    LegislativeTerm,
    Location,
    Meeting,
    Membership,
    Person,
    SeatGroup,
)
from querschnitt.bodies.selectors.composition import (
    bodies_with_composition,
    composition_problems,
    municipality_terms,
)
from querschnitt.bodies.selectors.composition_sql import compositions
from querschnitt.bodies.services.bodies import (
    body_create,
    body_delete,
    body_update,
    location_delete,
    location_save,
    membership_delete,
    membership_save,
    pending_access_invitation,
    person_delete,
    person_grant_access,
    person_revoke_access,
    person_save,
    seat_group_delete,
    seat_group_save,
    term_delete,
    term_save,
)
from querschnitt.bodies.staff_rows import staff_body_rows
from querschnitt.bodies.views.staff_base import FormPage, OfficeMixin
from querschnitt.bodies.visibility import member_body_ids
from querschnitt.core.views.staff import Confirmation
from querschnitt.core.views.staff_base import StaffMixin


class BodyList(OfficeMixin, TemplateView):
    """Every body with its composition problems at a glance."""

    template_name = "bodies/staff/body_list.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        found, shared = compositions(municipality=self.municipality)
        rows = [
            (
                each.body,
                composition_problems(
                    each.body,
                    shared_terms=shared,
                    own_terms=each.own_terms,
                    seat_groups=each.seat_groups,
                    memberships=each.memberships,
                ),
            )
            for each in found
        ]
        only_problems = self.request.GET.get("zeige") == "probleme"
        if only_problems:
            rows = [(body, problems) for body, problems in rows if problems]
        return super().get_context_data(**kwargs) | {
            "rows": rows,
            "body_rows": staff_body_rows(rows, municipality=self.municipality),
            "only_problems": only_problems,
        }


class BodyDetail(OfficeMixin, TemplateView):
    template_name = "bodies/staff/body_detail.html"

    def load_objects(self) -> None:
        self.body = get_object_or_404(
            bodies_with_composition(municipality=self.municipality).select_related(
                "location", "office_department", "parent"
            ),
            pk=self.kwargs["pk"],
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        today = timezone.localdate()
        memberships = sorted(
            self.body.memberships.all(),
            key=lambda m: (not m.is_current(today), m.role, m.person.family_name),
        )
        shared = municipality_terms(municipality=self.municipality)
        return super().get_context_data(**kwargs) | {
            "body": self.body,
            "problems": composition_problems(self.body, shared_terms=shared),
            "memberships": memberships,
            "today": today,
            "seat_groups": list(self.body.seat_groups.all()),
            "terms": list(self.body.terms.all()) or shared,
            "own_terms": bool(list(self.body.terms.all())),
            "meetings": list(
                Meeting.objects.filter(municipality=self.municipality, body=self.body).order_by(
                    "-start"
                )[:10]
            ),
        }


class BodyCreate(FormPage):
    form_class = BodyForm
    title = gettext_lazy("New body")
    submit_label = gettext_lazy("Create the body")
    success_message = gettext_lazy("The body has been created.")

    def get_form_kwargs(self) -> dict[str, Any]:
        return super().get_form_kwargs() | {"municipality": self.municipality}

    def back_url(self) -> str:
        return self.reverse("staff:body_list")

    def save(self, form: BodyForm) -> str:
        body = body_create(
            municipality=self.municipality, by=self.request.user, **form.service_fields()
        )
        return self.reverse("staff:body_detail", pk=body.pk)


class BodyObjectMixin:
    municipality: Any
    kwargs: dict[str, Any]

    def load_body(self) -> Body:
        return get_object_or_404(
            Body.objects.filter(municipality=self.municipality), pk=self.kwargs["pk"]
        )


class BodyEdit(BodyObjectMixin, FormPage):
    form_class = BodyForm
    submit_label = gettext_lazy("Save")
    success_message = gettext_lazy("The body has been saved.")
    delete_label = gettext_lazy("Delete the body")
    delete_question = gettext_lazy("Delete this body?")
    delete_consequences = (
        gettext_lazy("Only a body without meetings and papers can be deleted."),
        gettext_lazy("Its members, seat groups and terms go with it."),
    )

    def load_objects(self) -> None:
        self.body = self.load_body()

    @property
    def title(self) -> str:
        return str(self.body)

    def get_form_kwargs(self) -> dict[str, Any]:
        return super().get_form_kwargs() | {
            "municipality": self.municipality,
            "instance": self.body,
        }

    def back_url(self) -> str:
        return self.reverse("staff:body_detail", pk=self.body.pk)

    def save(self, form: BodyForm) -> str:
        body_update(
            body=Body.objects.get(pk=self.body.pk), by=self.request.user, **form.service_fields()
        )
        return self.back_url()

    def delete(self) -> str:
        body_delete(body=self.body, by=self.request.user)
        return self.reverse("staff:body_list")


class SeatGroupPage(BodyObjectMixin, FormPage):
    form_class = SeatGroupForm
    submit_label = gettext_lazy("Save")
    success_message = gettext_lazy("The seat group has been saved.")
    intro = gettext_lazy(
        "A seat group is a share of the seats under the body's rules, for example 12 councillors, "
        "or the seats of one nationality group."
    )

    def load_objects(self) -> None:
        self.body = self.load_body()
        self.group: SeatGroup | None = None
        if "group_pk" in self.kwargs:
            self.group = get_object_or_404(
                SeatGroup.objects.filter(municipality=self.municipality, body=self.body),
                pk=self.kwargs["group_pk"],
            )
            self.delete_label = _("Delete the seat group")
            self.delete_question = _("Delete this seat group?")
            self.delete_consequences = (_("Its members keep their seats."),)

    @property
    def title(self) -> str:
        return _("Seat group of %(body)s") % {"body": self.body}

    def get_form_kwargs(self) -> dict[str, Any]:
        return super().get_form_kwargs() | {"instance": self.group or SeatGroup(body=self.body)}

    def back_url(self) -> str:
        return self.reverse("staff:body_detail", pk=self.body.pk)

    def save(self, form: SeatGroupForm) -> str:
        seat_group_save(
            body=self.body, by=self.request.user, seat_group=self.group, **form.cleaned_data
        )
        return self.back_url()

    def delete(self) -> str:
        assert self.group is not None
        seat_group_delete(seat_group=self.group, by=self.request.user)
        return self.back_url()


class MembershipPage(BodyObjectMixin, FormPage):
    form_class = MembershipForm
    submit_label = gettext_lazy("Save")
    success_message = gettext_lazy("The membership has been saved.")

    def load_objects(self) -> None:
        self.body = self.load_body()
        self.membership: Membership | None = None
        if "membership_pk" in self.kwargs:
            self.membership = get_object_or_404(
                Membership.objects.filter(municipality=self.municipality, body=self.body),
                pk=self.kwargs["membership_pk"],
            )
            self.delete_label = _("Delete the membership")
            self.delete_question = _("Delete this membership?")
            self.delete_consequences = (
                _(
                    "Do this only for a mistake: a seat that ended is ended by its date, so the "
                    "body's history stays."
                ),
            )

    @property
    def title(self) -> str:
        return _("Member of %(body)s") % {"body": self.body}

    def get_initial(self) -> dict[str, Any]:
        initial = super().get_initial()
        group = self.request.GET.get("sitzgruppe", "")
        if self.membership is None and group.isdigit():
            initial["seat_group"] = int(group)
        return initial

    def get_form_kwargs(self) -> dict[str, Any]:
        return super().get_form_kwargs() | {
            "body": self.body,
            "instance": self.membership or Membership(body=self.body),
        }

    def back_url(self) -> str:
        return self.reverse("staff:body_detail", pk=self.body.pk)

    def save(self, form: MembershipForm) -> str:
        data = dict(form.cleaned_data)
        person = data.pop("person")
        membership_save(
            body=self.body, person=person, by=self.request.user, membership=self.membership, **data
        )
        return self.back_url()

    def delete(self) -> str:
        assert self.membership is not None
        membership_delete(membership=self.membership, by=self.request.user)
        return self.back_url()


class TermList(OfficeMixin, ListView):
    template_name = "bodies/staff/term_list.html"
    paginate_by = 50

    def get_queryset(self) -> QuerySet[LegislativeTerm]:
        return (
            LegislativeTerm.objects.filter(municipality=self.municipality)
            .select_related("body")
            .annotate(meeting_count=Count("meetings"))
            .order_by("-start_date", "pk")
        )


class TermPage(FormPage):
    form_class = TermForm
    submit_label = gettext_lazy("Save")
    success_message = gettext_lazy("The term has been saved.")
    intro = gettext_lazy(
        "Meetings belong to the term on whose days they fall. Once a term has ended, no meeting "
        "can be added to it."
    )

    def load_objects(self) -> None:
        self.term: LegislativeTerm | None = None
        if "pk" in self.kwargs:
            self.term = get_object_or_404(
                LegislativeTerm.objects.filter(municipality=self.municipality), pk=self.kwargs["pk"]
            )
            self.delete_label = _("Delete the term")
            self.delete_question = _("Delete this term?")
            self.delete_consequences = (_("Only a term without meetings can go."),)

    @property
    def title(self) -> str:
        return str(self.term) if self.term else _("New term")

    def get_initial(self) -> dict[str, Any]:
        body = self.request.GET.get("gremium", "")
        return {"body": int(body)} if body.isdigit() and self.term is None else {}

    def get_form_kwargs(self) -> dict[str, Any]:
        return super().get_form_kwargs() | {
            "municipality": self.municipality,
            "instance": self.term or LegislativeTerm(municipality=self.municipality),
        }

    def back_url(self) -> str:
        return self.reverse("staff:term_list")

    def save(self, form: TermForm) -> str:
        term_save(
            municipality=self.municipality,
            by=self.request.user,
            term=self.term,
            **form.cleaned_data,
        )
        return self.back_url()

    def delete(self) -> str:
        assert self.term is not None
        term_delete(term=self.term, by=self.request.user)
        return self.back_url()


class PersonList(OfficeMixin, ListView):
    template_name = "bodies/staff/person_list.html"
    paginate_by = 50

    def get_queryset(self) -> QuerySet[Person]:
        today = timezone.localdate()
        current = Q(memberships__end_date__isnull=True) | Q(memberships__end_date__gte=today)
        return (
            Person.objects.filter(municipality=self.municipality)
            .select_related("user", "organisation")
            .annotate(current_seats=Count("memberships", filter=current, distinct=True))
            .order_by("family_name", "given_name", "pk")
        )


class PersonPage(FormPage):
    form_class = PersonForm
    template_name = "bodies/staff/person_form.html"
    submit_label = gettext_lazy("Save")
    success_message = gettext_lazy("The person has been saved.")

    def load_objects(self) -> None:
        self.person: Person | None = None
        if "pk" in self.kwargs:
            self.person = get_object_or_404(
                Person.objects.filter(municipality=self.municipality).select_related("user"),
                pk=self.kwargs["pk"],
            )
            self.delete_label = _("Delete the person")
            self.delete_question = _("Delete this person?")
            self.delete_consequences = (_("Only a person without memberships and papers can go."),)

    @property
    def title(self) -> str:
        return str(self.person) if self.person else _("New person")

    def get_form_kwargs(self) -> dict[str, Any]:
        return super().get_form_kwargs() | {
            "municipality": self.municipality,
            "instance": self.person or Person(municipality=self.municipality),
        }

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        if self.person is not None:
            context["person"] = self.person
            context["memberships"] = list(
                self.person.memberships.select_related("body").order_by("-start_date")
            )
            context["access_form"] = kwargs.get("access_form") or PersonAccessForm(
                initial={"email": self.person.email}
            )
            context["pending_invitation"] = pending_access_invitation(person=self.person)
        return context

    def back_url(self) -> str:
        return self.reverse("staff:person_list")

    def save(self, form: PersonForm) -> str:
        person = person_save(
            municipality=self.municipality,
            by=self.request.user,
            person=self.person,
            **form.cleaned_data,
        )
        return self.reverse("staff:person_edit", pk=person.pk)

    def delete(self) -> str:
        assert self.person is not None
        person_delete(person=self.person, by=self.request.user)
        return self.back_url()


class PersonAccess(PersonPage):
    """Give a person sign-in access as a body member, or take it back (POST only). Both ask
    first on the confirm page: the one sends an invitation by e-mail, the other ends the
    person's access at once. An address that is none shows the person's page again, its
    access form leading with the error summary."""

    http_method_names = ["post"]

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        assert self.person is not None
        target = self.reverse("staff:person_edit", pk=self.person.pk)
        if request.POST.get("action") == "revoke":
            if not self.is_confirmed():
                return self.confirm_page(self.revoke_confirmation())
            person_revoke_access(person=self.person, by=request.user)
            messages.success(
                request, _("The person no longer has access, and no invitation waits for them.")
            )
            return HttpResponseRedirect(target)
        form = PersonAccessForm(request.POST)
        if form.is_valid():
            email = form.cleaned_data["email"]
            if not self.is_confirmed():
                return self.confirm_page(self.grant_confirmation(form, email))
            try:
                invitation = person_grant_access(
                    person=self.person,
                    by=request.user,
                    email=email,
                    base_url=request.build_absolute_uri("/"),
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request,
                    _(
                        "An invitation has been sent to %(email)s. The person can sign in as a "
                        "body member once they accept it."
                    )
                    % {"email": invitation.email},
                )
                return HttpResponseRedirect(target)
        person_form = PersonForm(municipality=self.municipality, instance=self.person)
        return self.render_to_response(
            self.get_context_data(form=person_form, access_form=form), status=400
        )

    def grant_confirmation(self, form: PersonAccessForm, email: str) -> Confirmation:
        assert self.person is not None
        return Confirmation(
            question=_("Invite this person to sign in?"),
            consequences=[
                _("An invitation goes to %(email)s by e-mail.") % {"email": email},
                _(
                    "Once it is accepted, the person reads everything of the bodies they sit "
                    "on, the non-public parts included."
                ),
                _("You can withdraw the invitation until it is accepted."),
            ],
            confirm_label=_("Yes, send the invitation"),
            cancel_url=self.reverse("staff:person_edit", pk=self.person.pk),
            carry={"action": "grant", form.add_prefix("email"): email},
            details=[(_("Person"), str(self.person)), (_("E-mail address"), email)],
        )

    def revoke_confirmation(self) -> Confirmation:
        assert self.person is not None
        if self.person.user is None:
            return Confirmation(
                question=_("Withdraw the invitation?"),
                consequences=[
                    _("The link in the e-mail no longer works."),
                    _("You can invite the person again later."),
                ],
                confirm_label=_("Withdraw the invitation"),
                cancel_url=self.reverse("staff:person_edit", pk=self.person.pk),
                carry={"action": "revoke"},
                details=[(_("Person"), str(self.person))],
            )
        return Confirmation(
            question=_("Take the access away?"),
            consequences=[
                _(
                    "The person can no longer read the non-public parts of the bodies they sit "
                    "on; an invitation not yet accepted is withdrawn."
                ),
                _("Access can be given again later, with a new invitation by e-mail."),
            ],
            confirm_label=_("Take the access away"),
            cancel_url=self.reverse("staff:person_edit", pk=self.person.pk),
            carry={"action": "revoke"},
            details=[(_("Person"), str(self.person))],
        )


class LocationList(OfficeMixin, ListView):
    template_name = "bodies/staff/location_list.html"
    paginate_by = 50

    def get_queryset(self) -> QuerySet[Location]:
        return (
            Location.objects.filter(municipality=self.municipality)
            .annotate(meeting_count=Count("meetings"))
            .order_by("description", "room", "pk")
        )


class LocationPage(FormPage):
    form_class = LocationForm
    submit_label = gettext_lazy("Save")
    success_message = gettext_lazy("The place has been saved.")
    intro = gettext_lazy("What you write about access is shown with every meeting held here.")

    def load_objects(self) -> None:
        self.location: Location | None = None
        if "pk" in self.kwargs:
            self.location = get_object_or_404(
                Location.objects.filter(municipality=self.municipality), pk=self.kwargs["pk"]
            )
            self.delete_label = _("Delete the place")
            self.delete_question = _("Delete this place?")
            self.delete_consequences = (_("A place where meetings took place stays."),)

    @property
    def title(self) -> str:
        return str(self.location) if self.location else _("New place")

    def get_form_kwargs(self) -> dict[str, Any]:
        return super().get_form_kwargs() | {
            "instance": self.location or Location(municipality=self.municipality)
        }

    def back_url(self) -> str:
        return self.reverse("staff:location_list")

    def save(self, form: LocationForm) -> str:
        location_save(
            municipality=self.municipality,
            by=self.request.user,
            location=self.location,
            **form.cleaned_data,
        )
        return self.back_url()

    def delete(self) -> str:
        assert self.location is not None
        location_delete(location=self.location, by=self.request.user)
        return self.back_url()


class MyBodies(StaffMixin, TemplateView):
    """A member's bodies, with their coming and recent meetings."""

    permission = "bodies.member"
    template_name = "bodies/staff/my_bodies.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        body_ids = member_body_ids(self.request.user, self.municipality)
        now = timezone.now()
        meetings = Meeting.objects.filter(municipality=self.municipality).order_by("start")
        bodies = (
            Body.objects.filter(municipality=self.municipality, pk__in=sorted(body_ids))
            .prefetch_related(
                Prefetch(
                    "meetings",
                    queryset=meetings.filter(start__gte=now - timedelta(days=120)),
                    to_attr="recent_meetings",
                )
            )
            .order_by("name")
        )
        return super().get_context_data(**kwargs) | {"bodies": list(bodies)}

"""Mission documents as PDF (fpdf2 with a Unicode TrueType font, so Cyrillic and Arabic names render).

The wording comes from a staff-edited DocumentTemplate in the expert's language when there is one,
else from the built-in wording below, translated like every other string. Documents are generated from
the current data at each download, so they never go stale.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.template import Context, Template, TemplateSyntaxError
from django.urls import Resolver404, resolve
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from fpdf import FPDF

from experts.logistics import allowance_compute, fee_compute, mission_for
from experts.logistics_models import DocumentKind, DocumentTemplate
from experts.models import Deployment
from mieux.notifications import register_attachments


class DocumentError(Exception):
    pass


def expert_language(expert) -> str:
    language = expert.user.language if expert.user_id and expert.user else ""
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE[:2]


def _default_wording(kind):
    if kind == DocumentKind.INVITATION:
        return _("Invitation letter"), _(
            "To whom it may concern,\n\n"
            "The MIEUX+ initiative, funded by the European Union and implemented by ICMPD, invites "
            "{{ expert_name }} to take part as an expert in “{{ activity_title }}”, part of the Action "
            "“{{ action_title }}”, in {{ place }} from {{ start_date }} to {{ end_date }}.\n\n"
            "Purpose of the mission: {{ purpose }}\n\n"
            "Travel: {{ outbound_date }} to {{ return_date }}. The costs of travel and subsistence are "
            "covered by the MIEUX+ initiative. We would be grateful for any assistance, including the "
            "issue of a visa, that {{ expert_name }} may need for this mission.\n\n"
            "Brussels, {{ today }}"
        )
    return _("Mission order and confirmation"), _(
        "Expert: {{ expert_name }}\n"
        "Activity: {{ activity_title }} (Action “{{ action_title }}”)\n"
        "Place: {{ place }}\n"
        "Dates of the activity: {{ start_date }} to {{ end_date }}\n"
        "Travel: {{ travel }}, {{ outbound_date }} to {{ return_date }}; tickets: {{ ticket_cost }}\n"
        "Daily subsistence allowance: {{ allowance }}\n"
        "Fee: {{ fee }}\n\n"
        "Conditions: the allowance covers accommodation, meals and local transport and is paid after "
        "the mission on presentation of the boarding passes. The expert files a short mission report "
        "on the portal within two weeks of the mission. This confirmation is the proof of attendance."
    )


def _money(amount):
    if amount is None:
        return _("to be set by staff")
    return f"{formats.number_format(amount, 2, use_l10n=True, force_grouping=True)} EUR"


def document_context(deployment) -> dict:
    activity, expert = deployment.activity, deployment.expert
    mission = mission_for(deployment)
    allowance = allowance_compute(deployment, mission)
    fee = fee_compute(deployment)
    place = ", ".join(p for p in (activity.city, activity.country.name if activity.country else "") if p) or _("online")
    date = lambda d: formats.date_format(d, "DATE_FORMAT") if d else _("to be confirmed")  # noqa: E731
    return {
        "expert_name": expert.full_name,
        "activity_title": activity.title,
        "action_title": activity.action.title,
        "place": place,
        "start_date": date(activity.start_date),
        "end_date": date(activity.end_date),
        "purpose": activity.description or activity.title,
        "outbound_date": date(mission.outbound_date or activity.start_date),
        "return_date": date(mission.return_date or activity.end_date),
        "travel": " → ".join(p for p in (mission.travel_from, mission.travel_to) if p) or mission.get_travel_mode_display(),
        "ticket_cost": _money(mission.ticket_cost) if mission.ticket_cost is not None else mission.get_booking_status_display(),
        "allowance": _money(allowance.amount),
        "fee": _money(fee.amount) if fee.paid else _("no fee (public official)"),
        "today": date(timezone.localdate()),
    }


def _pdf(title, body) -> bytes:
    pdf = FPDF(format="A4")
    pdf.set_margins(20, 20, 20)
    pdf.add_font("body", "", settings.PDF_FONT_PATH)
    pdf.add_font("body", "B", settings.PDF_FONT_BOLD_PATH)
    try:
        # Shaping joins Arabic letters and orders right-to-left runs; needs uharfbuzz.
        pdf.set_text_shaping(True)
    except Exception:  # pragma: no cover - the shaping engine is an installed dependency
        pass
    pdf.add_page()
    pdf.set_font("body", "B", 11)
    pdf.cell(0, 8, "MIEUX+ — European Union / ICMPD", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    pdf.set_font("body", "B", 16)
    pdf.multi_cell(0, 9, title, new_x="LMARGIN", new_y="NEXT", align="L")
    pdf.ln(4)
    pdf.set_font("body", "", 11)
    for paragraph in body.split("\n"):
        if paragraph.strip():
            pdf.multi_cell(0, 6, paragraph, new_x="LMARGIN", new_y="NEXT", align="L")
        else:
            pdf.ln(3)
    return bytes(pdf.output())


def mission_document_pdf(deployment, kind) -> tuple[str, bytes]:
    """(file name, PDF bytes) of an invitation letter or mission order, in the expert's language."""
    if kind not in DocumentKind.values:
        raise DocumentError(kind)
    language = expert_language(deployment.expert)
    with translation.override(language):
        stored = DocumentTemplate.objects.filter(kind=kind, language=language).first()
        title, wording = (stored.title, stored.body) if stored else _default_wording(kind)
        context = document_context(deployment)
        try:
            body = Template("{% autoescape off %}" + wording + "{% endautoescape %}").render(Context(context))
        except TemplateSyntaxError:
            # A broken staff edit must not stop the expert's papers: fall back to the built-in wording.
            title, wording = _default_wording(kind)
            body = Template("{% autoescape off %}" + wording + "{% endautoescape %}").render(Context(context))
        data = _pdf(title, body)
    filename = f"{kind.replace('_', '-')}-{deployment.activity.action.code}-{deployment.pk}.pdf"
    return filename, data


def confirmation_attachments(notification):
    """The invitation letter and mission order for the confirmation e-mail, found from its mission link."""
    try:
        match = resolve(urlsplit(notification.url).path)
    except Resolver404:
        return []
    if match.url_name != "mission" or "pk" not in match.kwargs:
        return []
    deployment = Deployment.objects.select_related("activity__action", "expert__user", "expert__employer_type").filter(
        pk=match.kwargs["pk"], expert__user=notification.recipient).first()
    if deployment is None:
        return []
    return [(*mission_document_pdf(deployment, kind), "application/pdf") for kind in DocumentKind.values]


def attach_documents_to_confirmations():
    """The confirmation e-mail carries the invitation letter and the mission order (called at start-up)."""
    register_attachments("deployment_confirmed", confirmation_attachments)

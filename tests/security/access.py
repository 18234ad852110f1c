"""Who may open each URL of the portal. Every pattern of the resolver must be listed here: a new URL
that nobody classified makes the walk fail. Roles not listed must be refused (redirect, 400, 403, 404
or 405) and a POST from them must change nothing."""

ALL = frozenset(
    ("anonymous", "partner_a", "partner_b", "pending_member", "committee", "committee_conflict", "expert",
     "other_expert", "staff", "admin")
)
USERS = ALL - {"anonymous"}
STAFF = frozenset(("staff", "admin"))
ADMIN = frozenset(("admin",))
PARTNERS = frozenset(("partner_a", "partner_b", "pending_member"))
COMMITTEE = frozenset(("committee", "committee_conflict"))
EXPERTS = frozenset(("expert", "other_expert"))
OWNER_A = frozenset(("partner_a",))
# Token links: whoever holds the token (an e-mailed link, a feed URL, a survey QR code) may open them.
TOKEN = ALL

ACCESS = {
    # ground floor and accounts
    "start": USERS,
    "healthz": ALL,
    "notifications": USERS,
    "notifications_mark_read": USERS,
    "preferences": USERS,
    "calendar_token_rotate": USERS,
    "set_language": ALL,
    "favicon": ALL,
    "legal_page": ALL,
    "legal_page_version": ALL,
    "accessibility_feedback": ALL,
    "admin_login": ALL,
    "account_login": ALL,
    "account_logout": USERS,
    "account_inactive": ALL,
    "account_signup": ALL,
    "account_reauthenticate": USERS,
    "account_request_reauthentication_code": USERS,
    "account_confirm_reauthentication_code": USERS,
    "account_email": USERS,
    "account_email_verification_sent": ALL,
    "account_change_password": USERS,
    "account_set_password": USERS,
    "account_reset_password": ALL,
    "account_confirm_login_code": ALL,
    "account_confirm_email": TOKEN,
    "account_reset_password_from_key_done": ALL,
    "account_reset_password_from_key": TOKEN,
    "account_reset_password_done": ALL,
    "mfa_index": USERS,
    "mfa_authenticate": ALL,
    "mfa_reauthenticate": USERS,
    "mfa_activate_totp": USERS,
    "mfa_deactivate_totp": USERS,
    "mfa_view_recovery_codes": USERS,
    "mfa_generate_recovery_codes": USERS,
    "mfa_download_recovery_codes": USERS,
    # public pages and open data
    "home": ALL,
    "public_actions": ALL,
    "public_action": ALL,
    "public_map": ALL,
    "public_open_data": ALL,
    "api_key_facts": ALL,
    "api_key_facts_basis": ALL,
    "api_actions_geojson": ALL,
    "api_actions_csv": ALL,
    "iati_activities": ALL,
    "survey": TOKEN,
    "survey_thanks": TOKEN,
    "staff_dashboard": STAFF,
    "survey_sheet": STAFF,
    "survey_qr": STAFF,
    "public_library": ALL,
    "public_library_document": ALL,
    "api_results": STAFF,
    # requests (all objects are institution A's)
    "requests:dashboard": PARTNERS,
    "requests:institution_start": PARTNERS,
    "requests:members": OWNER_A | STAFF,
    "requests:membership_decide": OWNER_A | STAFF,
    "requests:new": frozenset(("partner_a", "partner_b")),
    "requests:detail": OWNER_A | COMMITTEE | STAFF,
    "requests:edit": OWNER_A,
    "requests:submit": OWNER_A,
    "requests:discard": OWNER_A,
    "requests:answer": OWNER_A,
    "requests:withdraw": OWNER_A,
    "requests:message_post": OWNER_A | STAFF,
    "requests:verify_institution": STAFF,
    "requests:attachment_add": OWNER_A,
    "requests:attachment": OWNER_A | frozenset(("committee",)) | STAFF,
    "requests:attachment_delete": OWNER_A,
    "requests:staff_queue": STAFF,
    "requests:committee_queue": COMMITTEE,
    "requests:review": COMMITTEE | STAFF,
    "requests:review_declare": COMMITTEE,
    "requests:review_opinion": frozenset(("committee",)),
    "requests:review_question": frozenset(("committee",)),
    "requests:staff_ask_info": STAFF,
    "requests:staff_close_ineligible": STAFF,
    "requests:staff_forward": STAFF,
    "requests:staff_complementarity_note": STAFF,
    "requests:staff_decide": STAFF,
    # Actions and activities
    "actions:list": STAFF,
    "actions:mine": USERS,
    "actions:calendar": STAFF,
    "actions:programme_feed": TOKEN,
    "actions:action_feed": TOKEN,
    "actions:create_from_request": STAFF,
    "actions:detail": OWNER_A | frozenset(("expert",)) | STAFF,
    "actions:edit": STAFF,
    "actions:publish": STAFF,
    "actions:transition": STAFF,
    "actions:document_upload": STAFF,
    "actions:document": OWNER_A | frozenset(("expert",)) | STAFF,
    "actions:document_delete": STAFF,
    "actions:activity_create": STAFF,
    "actions:activity": OWNER_A | frozenset(("expert",)) | STAFF,
    "actions:activity_edit": STAFF,
    "actions:activity_transition": STAFF,
    "actions:activity_replan": STAFF,
    "actions:activity_delivery": STAFF,
    "actions:activity_report": OWNER_A | frozenset(("expert",)) | STAFF,
    # money: staff only (partners and experts never see an Action's costs)
    "actions:budget": STAFF,
    "actions:budget_line": STAFF,
    "actions:budget_csv": STAFF,
    "actions:activity_cost_add": STAFF,
    "actions:activity_cost_delete": STAFF,
    "actions:indicator_create": STAFF,
    "actions:indicator_edit": STAFF,
    "actions:indicator_delete": STAFF,
    "actions:translations": STAFF,
    "actions:document_publication": STAFF,
    # The partner institution's evaluation and follow-up: its own members only.
    "actions:evaluation": OWNER_A,
    "actions:follow_up": OWNER_A,
    # experts (the deployment, the unavailability period and the profile are the first expert's)
    "experts:roster": STAFF,
    "experts:create": STAFF,
    "experts:dashboard": EXPERTS,
    "experts:profile_edit": EXPERTS,
    "experts:profile_cv": EXPERTS,
    "experts:unavailability_add": EXPERTS,
    "experts:unavailability_delete": frozenset(("expert",)),
    "experts:my_data": EXPERTS,
    "experts:erasure_request": EXPERTS,
    "experts:detail": frozenset(("expert",)) | STAFF,
    "experts:edit": STAFF,
    "experts:cv": frozenset(("expert",)) | STAFF,
    # Staff manage anyone's periods here; the service lets the expert manage their own as well.
    "experts:expert_unavailability_add": frozenset(("expert",)) | STAFF,
    "experts:expert_unavailability_delete": frozenset(("expert",)) | STAFF,
    "experts:invite_claim": STAFF,
    "experts:erase": STAFF,
    "experts:match": STAFF,
    "experts:propose": STAFF,
    "experts:feedback": frozenset(("expert",)),
    "experts:rate": STAFF,
    "experts:transition": frozenset(("expert",)) | STAFF,
    # mission logistics: the deployed expert sees their own allowance, fee, tickets and documents
    "experts:mission": frozenset(("expert",)) | STAFF,
    "experts:mission_travel": STAFF,
    "experts:mission_allowance": STAFF,
    "experts:mission_release_letter": frozenset(("expert",)) | STAFF,
    "experts:mission_release_letter_upload": frozenset(("expert",)) | STAFF,
    "experts:mission_document": frozenset(("expert",)) | STAFF,
    "experts:mission_report": frozenset(("expert",)) | STAFF,
    "experts:mission_report_review": STAFF,
    "experts:invitation": TOKEN,
    "experts:calendar": TOKEN,
}


def allowed_roles(name, route):
    """The roles that may open `name`; the Django admin (every page under admin/) is for administrators."""
    if name in ACCESS:
        return ACCESS[name]
    if route.startswith("admin/"):
        return ADMIN
    if route.startswith("^media/"):
        return ALL  # uploaded public media, served by the development server only (DEBUG)
    return None

"""What every page's layout needs: the navigation and who is logged in as what."""

from django.http import HttpRequest
from django.utils.translation import get_language

from tongket.accounts.roles import Role
from tongket.accounts.scope import user_grants
from tongket.core.agency import agency_name
from tongket.web.navigation import nav_links


def _role_line(user) -> str:
    parts = []
    for grant in user_grants(user):
        label = str(Role(grant.role).label)
        parts.append(f"{label} · {grant.unit_name}" if grant.unit_name else label)
    return "; ".join(dict.fromkeys(parts))


def navigation(request: HttpRequest) -> dict:
    agency = agency_name(get_language() or "vi")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_links": [], "nav_active": "", "role_line": "", "agency": agency}
    links = nav_links(user)
    active = max(
        (link for link in links if request.path.startswith(link.url)),
        key=lambda link: len(link.url),
        default=None,
    )
    return {
        "nav_links": links,
        "nav_active": active.key if active else "",
        "role_line": _role_line(user),
        "agency": agency,
    }

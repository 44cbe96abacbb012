from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

from tongket.accounts import views as account_views
from tongket.api.api import urls as api_urls
from tongket.core import views as core_views
from tongket.web import views as web_views

# Every page needs a login (LoginRequiredMiddleware) unless marked login_not_required, and
# declares the permission it needs (tongket.accounts.decorators); tests/web/matrix.py lists
# every URL here with the status each role gets.
urlpatterns = [
    # First: a machine's call is found without trying every page (no page starts with api/).
    path("api/v1/", api_urls),
    path("", web_views.home, name="home"),
    path("login/", account_views.login_view, name="login"),
    path("logout/", account_views.logout_view, name="logout"),
    path("account/", web_views.account, name="account"),
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("healthz", core_views.health, name="health"),
    path("units/", web_views.unit_list, name="units"),
    path("units/<int:unit_id>/", web_views.unit_detail, name="unit"),
    path("audit/", web_views.audit_list, name="audit"),
    path("", include("tongket.web.pages_documents.urls")),
    path("", include("tongket.signing.urls")),
    path("", include("tongket.accounts.urls")),
    path("", include("tongket.web.pages_meetings.urls")),
    path("", include("tongket.web.pages_reporting.urls")),
]

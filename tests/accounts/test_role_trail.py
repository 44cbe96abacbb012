"""The trail of a role granted and ended names the role in words, in the reader's language."""

import pytest
from django.utils import translation

from tongket.accounts.models import RoleAssignment
from tongket.accounts.services import role_assignment_create, role_assignment_end
from tongket.core.models import AuditEntry
from tongket.web.pages_reporting.labels import in_language


@pytest.mark.django_db
def test_a_role_granted_and_ended_reads_in_one_language(django_user_model):
    user = django_user_model.objects.create_user("phantich.moi", password="x-Long-Pass-2026")
    role_assignment_create(user=user, role="analyst", unit=None, actor="admin")
    assignment = RoleAssignment.objects.get(user=user, role="analyst")
    role_assignment_end(assignment=assignment, actor="admin")
    summaries = list(
        AuditEntry.objects.filter(action__in=["role.granted", "role.ended"])
        .order_by("id")
        .values_list("summary", flat=True)
    )
    assert len(summaries) == 2
    with translation.override("vi"):
        vi = [in_language(s) for s in summaries]
    with translation.override("en"):
        en = [in_language(s) for s in summaries]
    assert vi == [
        "Cấp vai trò «Chuyên viên phân tích của Bộ» cho phantich.moi",
        "Thôi vai trò «Chuyên viên phân tích của Bộ» của phantich.moi",
    ]
    assert en == [
        "Role «Ministry analyst» granted to phantich.moi",
        "Role «Ministry analyst» of phantich.moi ended",
    ]

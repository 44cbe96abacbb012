"""What the audit trail's action and object codes mean, in Vietnamese and in English.

The trail stores codes (``task.created``); a person reads ``Giao nhiệm vụ`` or ``Task
assigned``. A code without a label here is named from its object and its verb.
"""

from __future__ import annotations

# object type → (Vietnamese, English)
OBJECTS: dict[str, tuple[str, str]] = {
    "agency": ("Cơ quan", "Agency"),
    "api": ("API", "API"),
    "apitoken": ("Token API", "API token"),
    "auth": ("Đăng nhập", "Sign-in"),
    "access": ("Truy cập", "Access"),
    "award_form": ("Hình thức khen thưởng", "Award form"),
    "award_forms": ("Danh mục hình thức khen thưởng", "Award forms"),
    "commendation": ("Khen thưởng", "Commendation"),
    "document": ("Văn bản đã công bố", "Published report"),
    "estimate": ("Số ước thực hiện", "Estimate"),
    "figure_review": ("Số liệu chờ xem xét", "Figure for review"),
    "document_job": ("Tệp văn bản được tạo", "Document file"),
    "signed_document": ("Văn bản đã ký số", "Signed document"),
    "received_document": (
        "Văn bản nhận để kiểm tra chữ ký",
        "Document received for a signature check",
    ),
    "form": ("Biểu mẫu", "Form"),
    "import": ("Nhập số liệu", "Import"),
    "importbatch": ("Lần nhập số liệu", "Import"),
    "indicator": ("Chỉ tiêu", "Indicator"),
    "meeting": ("Cuộc họp", "Meeting"),
    "notice": ("Thông báo kết luận", "Conclusion notice"),
    "page": ("Trang", "Page"),
    "person": ("Người", "Person"),
    "plan": ("Kế hoạch", "Plan"),
    "reminder_contact": ("Địa chỉ nhận nhắc hạn", "Reminder address"),
    "report_draft": ("Phần viết của báo cáo", "Written part of the report"),
    "role": ("Vai trò", "Role"),
    "submission": ("Báo cáo", "Report"),
    "target": ("Chỉ tiêu kế hoạch", "Target"),
    "task": ("Nhiệm vụ", "Task"),
    "unit": ("Đơn vị", "Unit"),
    "unit_link": ("Quan hệ trực thuộc", "Parent link"),
    "unit_succession": ("Kế thừa đơn vị", "Unit succession"),
    "units": ("Danh mục đơn vị", "Unit register"),
    "user": ("Tài khoản", "Account"),
    "value": ("Số liệu", "Value"),
}

# action → (Vietnamese, English)
ACTIONS: dict[str, tuple[str, str]] = {
    "access.denied": ("Bị từ chối truy cập", "Access refused"),
    "agency.set": ("Đặt tên cơ quan", "Agency name set"),
    "apitoken.created": ("Tạo token API", "API token created"),
    "apitoken.revoked": ("Thu hồi token API", "API token revoked"),
    "auth.locked": ("Tạm khoá đăng nhập", "Sign-in locked"),
    "auth.login": ("Đăng nhập", "Signed in"),
    "auth.login_failed": ("Đăng nhập không thành công", "Sign-in failed"),
    "auth.logout": ("Đăng xuất", "Signed out"),
    "award_forms.loaded": ("Nạp hình thức khen thưởng", "Award forms loaded"),
    "commendation.created": ("Ghi khen thưởng", "Commendation recorded"),
    "document.ingested": ("Nhập văn bản đã công bố", "Published report read in"),
    "estimate.changed": ("Sửa số ước thực hiện", "Estimate changed"),
    "estimate.created": ("Nhập số ước thực hiện", "Estimate entered"),
    "figure.accepted": ("Chấp nhận số liệu từ văn bản", "Published figure accepted"),
    "figure.rejected": ("Bác bỏ số liệu từ văn bản", "Published figure rejected"),
    "form.changed": ("Sửa biểu mẫu", "Form changed"),
    "form.created": ("Tạo biểu mẫu", "Form created"),
    "import.stored": ("Nhập số liệu từ tệp", "Values imported"),
    "indicator.changed": ("Sửa chỉ tiêu", "Indicator changed"),
    "indicator.created": ("Tạo chỉ tiêu", "Indicator created"),
    "indicator.reordered": ("Sắp xếp lại chỉ tiêu", "Indicators reordered"),
    "meeting.changed": ("Sửa cuộc họp", "Meeting changed"),
    "meeting.created": ("Tạo cuộc họp", "Meeting created"),
    "meeting.document_added": ("Thêm tài liệu cuộc họp", "Meeting document added"),
    "notice.created": ("Soạn thông báo kết luận", "Notice drafted"),
    "notice.issued": ("Ban hành thông báo kết luận", "Notice issued"),
    "notice.changed": ("Sửa dự thảo thông báo kết luận", "Draft notice changed"),
    "document.requested": ("Yêu cầu tạo tệp văn bản", "Document file requested"),
    "document.signed": ("Ký số văn bản", "Document digitally signed"),
    "document.received": (
        "Kiểm tra chữ ký số văn bản nhận",
        "Received document's signatures checked",
    ),
    "person.created": ("Thêm người", "Person added"),
    "person.position_added": ("Thêm chức vụ", "Position added"),
    "plan.created": ("Tạo kế hoạch", "Plan created"),
    "plan.key_task_added": ("Thêm nhiệm vụ trọng tâm", "Key task added"),
    "reminder_contact.set": ("Đặt địa chỉ nhận nhắc hạn", "Reminder address set"),
    "report_draft.changed": ("Sửa phần viết của báo cáo", "Report text changed"),
    "role.granted": ("Cấp vai trò", "Role granted"),
    "role.ended": ("Thôi vai trò", "Role ended"),
    "submission.approved": ("Duyệt báo cáo", "Report approved"),
    "submission.opened": ("Mở báo cáo", "Report opened"),
    "submission.reminded": ("Nhắc gửi báo cáo", "Reminded to report"),
    "submission.returned": ("Trả lại báo cáo", "Report returned"),
    "submission.submitted": ("Gửi báo cáo", "Report sent"),
    "submission.unapproved": ("Huỷ duyệt báo cáo", "Approval withdrawn"),
    "target.changed": ("Sửa chỉ tiêu kế hoạch", "Target changed"),
    "target.created": ("Đặt chỉ tiêu kế hoạch", "Target set"),
    "target.deleted": ("Xoá chỉ tiêu kế hoạch", "Target deleted"),
    "task.completed": ("Hoàn thành nhiệm vụ", "Task completed"),
    "task.created": ("Giao nhiệm vụ", "Task assigned"),
    "task.deadline_changed": ("Đổi thời hạn nhiệm vụ", "Task deadline changed"),
    "task.progress": ("Báo cáo tiến độ nhiệm vụ", "Task progress reported"),
    "task.reminded": ("Nhắc hạn nhiệm vụ", "Task reminder sent"),
    "task.reopened": ("Mở lại nhiệm vụ", "Task reopened"),
    "unit.created": ("Tạo đơn vị", "Unit created"),
    "unit.renamed": ("Đổi tên đơn vị", "Unit renamed"),
    "unit_link.created": ("Đặt quan hệ trực thuộc", "Parent link set"),
    "unit_succession.created": ("Ghi kế thừa đơn vị", "Unit succession recorded"),
    "units.reference_loaded": ("Nạp danh mục đơn vị", "Unit register loaded"),
    "user.created": ("Tạo tài khoản", "Account created"),
    "user.password_set": ("Đặt mật khẩu", "Password set"),
    "user.password_reset": ("Đặt lại mật khẩu", "Password reset"),
    "user.password_changed": ("Đổi mật khẩu", "Password changed"),
    "user.deactivated": ("Khóa tài khoản", "Account deactivated"),
    "user.reactivated": ("Mở lại tài khoản", "Account reactivated"),
    "value.changed": ("Sửa số liệu", "Value changed"),
    "value.created": ("Nhập số liệu", "Value entered"),
    "value.noted": ("Ghi chú số liệu", "Value note written"),
}

# A verb of a code without a label of its own.
VERBS: dict[str, tuple[str, str]] = {
    "created": ("tạo", "created"),
    "changed": ("sửa", "changed"),
    "deleted": ("xoá", "deleted"),
    "set": ("đặt", "set"),
    "granted": ("cấp", "granted"),
    "revoked": ("thu hồi", "revoked"),
    "issued": ("ban hành", "issued"),
    "loaded": ("nạp", "loaded"),
    "deactivated": ("ngừng", "deactivated"),
    "activated": ("mở lại", "reactivated"),
    "reset": ("đặt lại", "reset"),
    "made": ("lập", "made"),
    "signed": ("ký", "signed"),
    "accepted": ("chấp nhận", "accepted"),
    "rejected": ("bác bỏ", "rejected"),
    "restored": ("khôi phục", "restored"),
}


def _pick(pair: tuple[str, str], language: str) -> str:
    return pair[1] if language.startswith("en") else pair[0]


def object_label(object_type: str, language: str = "vi") -> str:
    pair = OBJECTS.get(object_type)
    return _pick(pair, language) if pair else object_type


def action_label(action: str, language: str = "vi") -> str:
    """``task.created`` → ``Giao nhiệm vụ`` (``Task assigned``)."""
    if action in ACTIONS:
        return _pick(ACTIONS[action], language)
    obj, _dot, verb = action.partition(".")
    if obj in OBJECTS and verb in VERBS:
        if language.startswith("en"):
            return f"{OBJECTS[obj][1]} {VERBS[verb][1]}"
        return f"{VERBS[verb][0].capitalize()} {OBJECTS[obj][0].lower()}"
    return action


def has_label(action: str) -> bool:
    return action_label(action) != action

from django import forms
from django.utils.translation import gettext_lazy as _


class LoginForm(forms.Form):
    username = forms.CharField(
        label=_("Tên đăng nhập"),
        max_length=150,
        widget=forms.TextInput(
            attrs={"autocomplete": "username", "autocapitalize": "none", "autofocus": True}
        ),
    )
    password = forms.CharField(
        label=_("Mật khẩu"),
        max_length=4096,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class UserSearchForm(forms.Form):
    q = forms.CharField(label=_("Tìm theo tên đăng nhập, họ tên, thư điện tử"), required=False)
    state = forms.ChoiceField(
        label=_("Trạng thái"),
        required=False,
        choices=[("", _("Tất cả")), ("active", _("Đang hoạt động")), ("inactive", _("Đã khóa"))],
    )


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Vai trò"))
    unit = forms.CharField(
        label=_("Đơn vị phạm vi"),
        max_length=300,
        required=False,
        help_text=_("Mã hoặc tên đơn vị; để trống cho quản trị hệ thống và chuyên viên của Bộ"),
    )

    def __init__(self, *args, roles=(), **kwargs):
        from tongket.accounts.roles import Role

        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [(r, Role(r).label) for r in roles]


class UserCreateForm(RoleForm):
    username = forms.CharField(
        label=_("Tên đăng nhập"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "none"}),
    )
    full_name = forms.CharField(label=_("Họ và tên"), max_length=300, required=False)
    email = forms.EmailField(label=_("Thư điện tử"), required=False)

    field_order = ["username", "full_name", "email", "role", "unit"]


class PasswordChangeForm(forms.Form):
    old_password = forms.CharField(
        label=_("Mật khẩu hiện tại"),
        strip=False,
        max_length=4096,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    new_password = forms.CharField(
        label=_("Mật khẩu mới"),
        strip=False,
        max_length=4096,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    new_password_again = forms.CharField(
        label=_("Nhập lại mật khẩu mới"),
        strip=False,
        max_length=4096,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self):
        data = super().clean()
        new, again = data.get("new_password"), data.get("new_password_again")
        if new and again and new != again:
            self.add_error("new_password_again", _("Hai lần nhập mật khẩu mới không khớp."))
        return data

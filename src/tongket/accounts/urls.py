"""URLs of the account pages (names as in web.navigation)."""

from django.urls import path

from tongket.accounts import pages

urlpatterns = [
    path("account/password/", pages.password_change_view, name="password_change"),
    path("users/", pages.user_list_view, name="users"),
    path("users/new/", pages.user_create_view, name="user_create"),
    path("users/<int:user_id>/", pages.user_detail_view, name="user"),
    path("users/<int:user_id>/roles/", pages.user_role_add_view, name="user_role_add"),
    path(
        "users/<int:user_id>/roles/<int:assignment_id>/end/",
        pages.user_role_end_view,
        name="user_role_end",
    ),
    path("users/<int:user_id>/active/", pages.user_active_view, name="user_active"),
    path(
        "users/<int:user_id>/password/", pages.user_password_reset_view, name="user_password_reset"
    ),
]

import pytest
from django.test import Client

from accounts.world import ROLE_KEYS
from api.world_api import ApiWorld, build_api_world
from tongket.api.tokens import apitoken_create

API = "/api/v1"


@pytest.fixture(autouse=True)
def _fast_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


class ApiClient:
    """A test client that sends a bearer token (or none) and JSON bodies."""

    def __init__(self, token: str | None = None, client: Client | None = None) -> None:
        self.client = client or Client()
        self.headers = {"Authorization": f"Bearer {token}"} if token else {}

    def request(self, method: str, path: str, json=None, headers=None, **kwargs):
        url = path if path.startswith("/") and path.startswith(API) else f"{API}{path}"
        all_headers = {**self.headers, **(headers or {})}
        if json is not None:
            kwargs["data"] = json
            kwargs["content_type"] = "application/json"
        return getattr(self.client, method.lower())(url, headers=all_headers, **kwargs)

    def get(self, path, **kwargs):
        return self.request("GET", path, **kwargs)

    def post(self, path, json=None, **kwargs):
        return self.request("POST", path, json=json, **kwargs)

    def put(self, path, json=None, **kwargs):
        return self.request("PUT", path, json=json, **kwargs)

    def patch(self, path, json=None, **kwargs):
        return self.request("PATCH", path, json=json, **kwargs)

    def delete(self, path, **kwargs):
        return self.request("DELETE", path, **kwargs)


@pytest.fixture
def aw(db) -> ApiWorld:
    return build_api_world()


@pytest.fixture
def tokens(aw) -> dict[str, str]:
    return {
        key: apitoken_create(user=aw.users[key], name="test", actor="test")[1] for key in ROLE_KEYS
    }


@pytest.fixture
def api(tokens) -> dict[str, ApiClient]:
    """A token client per role key, and ``anonymous``."""
    return {"anonymous": ApiClient(), **{key: ApiClient(tokens[key]) for key in ROLE_KEYS}}

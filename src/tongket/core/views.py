from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache


@login_not_required
@never_cache
def health(request: HttpRequest) -> JsonResponse:
    """For load balancers and benchmarks: answers without touching the database."""
    return JsonResponse({"status": "ok"})

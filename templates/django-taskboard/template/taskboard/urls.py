from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.contrib.staticfiles import views as static_files
from django.urls import include, path, re_path

from .kit import web
from .tasks import views

# The shared error pages (DJANGO_DEBUG=1 shows Django's debug pages instead).
handler404 = web.not_found
handler500 = web.server_error

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/login/", views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("schema", login_not_required(web.schema_page), name="schema"),
    path("", include("taskboard.tasks.urls")),
]

if not settings.PRODUCTION:
    # runserver serves /static/ by itself only with DEBUG on; `make run` needs it in every mode.
    # (Production: `collectstatic`, and the web server in front serves them: see the README.)
    static = login_not_required(static_files.serve)
    urlpatterns += [re_path(rf"^{settings.STATIC_URL.strip('/')}/(?P<path>.*)$", static, {"insecure": True})]

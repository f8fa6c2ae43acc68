from django.urls import include, path

from casereview.learning.views import calendar_feed

urlpatterns = [
    path("library/", include("casereview.library.urls")),
    path("", include("casereview.site.urls")),
    path("", include("casereview.accounts.urls")),
    path("", include("casereview.sso.urls")),
    path("", include("casereview.partnerships.invitation_urls")),
    path("your-work/", include("casereview.work.urls")),
    path("cases/", include("casereview.cases.urls")),
    path("cases/", include("casereview.casefiles.urls")),
    path("meetings/", include("casereview.meetings.urls")),
    path("api/v1/", include(("casereview.api.urls", "api"), namespace="api")),
    path("partnerships/", include("casereview.api.token_urls")),
    path("partnerships/", include("casereview.retention.urls")),
    path("partnerships/", include("casereview.subjectaccess.urls")),
    path("referrals/", include("casereview.cases.referral_urls")),
    path("process/", include("casereview.process.urls")),
    path("notifications/", include("casereview.notifications.urls")),
    path("contributions/", include("casereview.contributions.urls")),
    path("reports/", include("casereview.reports.urls")),
    path("learning/", include("casereview.learning.urls")),
    path("adults/", include("casereview.adults.urls")),
    path("domestic-abuse/", include("casereview.domestic.urls")),
    path("calendar/<str:token>.ics", calendar_feed, name="calendar-feed"),
    path("partnerships/", include("casereview.work.hub_urls")),
    path("partnerships/", include("casereview.partnerships.urls")),
    path("installation/", include("casereview.installation.urls")),
    path("exports/", include("casereview.exports.urls")),
    path("webauthn/", include("casereview.accounts.passkeys")),
]

handler400 = "casereview.govuk.errors.bad_request"
handler403 = "casereview.govuk.errors.permission_denied"
handler404 = "casereview.govuk.errors.page_not_found"
handler500 = "casereview.govuk.errors.server_error"

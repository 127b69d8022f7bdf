from django.urls import path

from querschnitt.portal import converters  # noqa: F401 - registers the converters
from querschnitt.portal.views import staff

urlpatterns = [
    path("seiten/", staff.PageList.as_view(), name="page_list"),
    path("seiten/<page_kind:kind>/", staff.PageEdit.as_view(), name="page_edit"),
    path("rueckmeldungen/", staff.FeedbackList.as_view(), name="feedback_list"),
    path("rueckmeldungen/<int:pk>/", staff.FeedbackDetail.as_view(), name="feedback_detail"),
]

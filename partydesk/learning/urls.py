from django.urls import path

from partydesk.learning.views import bank, categories, courses, questions

app_name = "learning"

urlpatterns = [
    path("bank/", bank.bank, name="bank"),
    path("bank/questions/<int:pk>/", bank.question, name="question"),
    path("bank/questions/<int:pk>/edit/", questions.question_edit_view, name="question_edit"),
    path("bank/categories/new/", categories.category_new, name="category_new"),
    path("bank/categories/<int:pk>/share/", categories.category_share_view, name="category_share"),
    path("bank/import/", bank.bank_import_view, name="bank_import"),
    path("bank/import/confirm/", bank.bank_import_confirm, name="bank_import_confirm"),
    path("bank/export.<slug:fmt>", bank.bank_export_view, name="bank_export"),
    path("courses/", courses.courses, name="courses"),
    path("courses/new/", courses.course_new, name="course_new"),
    path("courses/<int:pk>/", courses.course, name="course"),
    path("materials/<int:pk>/", courses.material_download, name="material"),
    path("classes/new/", courses.class_new, name="class_new"),
    path("classes/<int:pk>/", courses.course_class, name="class"),
    path("my/", courses.my_courses, name="my_courses"),
]

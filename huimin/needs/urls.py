from django.urls import path

from .views import categories, desk, public

app_name = "needs"

urlpatterns = [
    # public
    path("", public.board, name="board"),
    path("c/<str:code>/", public.community_board, name="community"),
    path("submit/", public.submit, name="submit"),
    path("mine/", public.mine, name="mine"),
    path("verify/", public.verify_phone, name="verify_phone"),
    path("verify/forget/", public.forget_phone, name="forget_phone"),
    # the desk (community workers, purchasers, district administrator)
    path("desk/", desk.desk, name="desk"),
    path("desk/new/", desk.need_new, name="new"),
    path("desk/accept/", desk.batch_accept, name="batch_accept"),
    path("street/", desk.street, name="street"),
    # the catalogue of categories (district administrator)
    path("categories/", categories.category_list, name="categories"),
    path("categories/<slug:code>/", categories.category_edit, name="category_edit"),
    path("categories/<slug:code>/active/", categories.category_toggle, name="category_toggle"),
    # one need
    path("<uuid:public_id>/", public.detail, name="detail"),
    path("<uuid:public_id>/support/", public.support, name="support"),
    path("<uuid:public_id>/edit/", desk.need_edit, name="edit"),
    path("<uuid:public_id>/manage/", desk.need_manage, name="manage"),
]

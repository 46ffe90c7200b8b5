from django.urls import path

from . import views

urlpatterns = [
    path("", views.board_list, name="boards"),
    path("boards/<slug:slug>/", views.board, name="board"),
    path("boards/<slug:slug>/tasks/", views.create_task, name="task-create"),
    path("boards/<slug:slug>/tasks/<uuid:task_id>/move/", views.move_task, name="task-move"),
    path("boards/<slug:slug>/activity/", views.activity, name="activity"),
    path("boards/<slug:slug>/stats/", views.stats, name="stats"),
]

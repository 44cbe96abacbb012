"""The meetings pages switch to English with the language switch."""

from django.conf import settings

from web.meetings.helpers import page_text


def test_pages_in_english(clients, m):
    client = clients["staff"]
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    text = page_text(client.get(f"/tasks/{m.t_hy.pk}/"))
    assert "Lead unit" in text and "Record progress" in text and "Evidence file:" in text
    text = page_text(client.get(f"/meetings/{m.m_hy.pk}/"))
    assert "Participants" in text and "Title at the time" in text
    assert "Notice due by 26/12/2025 (5 working days after the meeting)." in text
    text = page_text(client.get("/tasks/rates/"))
    assert "Task completion rates" in text and "On-time rate" in text
    text = page_text(client.get("/commendations/?by=form"))
    assert "By form" in text and "1 commendation decision" in text

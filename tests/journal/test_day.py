from __future__ import annotations

from django.utils import timezone


def test_owner_can_write_and_read_back_a_checkin(owner):
    day = timezone.localdate().isoformat()
    response = owner.client.post(f"/journal/day/{day}/", {"mood": "3", "note": "a small walk"})
    assert response.status_code == 302
    page = owner.client.get(f"/journal/day/{day}/").content.decode()
    assert "a small walk" in page

"""The pages and the simulator's button, through the app."""

from telemetry.kit.waiting import eventually


def test_dashboard_lists_the_registry_with_latest_readings(client, run_seed):
    assert run_seed("--count", "120", "--seed", "9").returncode == 0
    html = client.get("/").text
    assert 'id="sensor-greenhouse-temp"' in html and "<svg" in html
    assert client.get("/live").status_code == 200
    sensors = client.get("/api/sensors").json()
    assert {"greenhouse-temp", "office-co2"} <= {s["sensor_id"] for s in sensors}


def test_sensor_page_shows_the_chart_and_pages_older(client, run_seed):
    assert run_seed("--count", "300", "--seed", "9").returncode == 0
    html = client.get("/sensors/greenhouse-temp").text
    assert 'id="readings"' in html and 'rel="next"' in html
    assert client.get("/sensors/nobody-here").status_code == 404
    assert client.get("/sensors/greenhouse-temp", params={"cursor": "x" * 20}).status_code == 400
    assert client.get("/sensors/greenhouse-temp", params={"day": "yesterday"}).status_code == 400


def test_the_simulator_form_refuses_bad_numbers(client):
    response = client.post("/simulate", data={"rate": "0", "seconds": "5"})
    assert response.status_code == 422 and 'id="rate-error"' in response.text


def test_the_simulator_runs_once_at_a_time_and_stores_every_reading(client):
    started = client.post("/api/simulator", json={"rate": 40, "seconds": 2})
    assert started.status_code == 202
    assert client.post("/api/simulator", json={"rate": 5, "seconds": 1}).status_code == 409
    status = eventually(
        lambda: (s := client.get("/api/simulator").json()) and not s["running"] and s, timeout=30
    )
    assert (status["sent"], status["stored"], status["failed"]) == (80, 80, 0)
    again = client.post("/simulate", data={"rate": "5", "seconds": "1"}, follow_redirects=False)
    assert again.status_code == 303
    eventually(lambda: not client.get("/api/simulator").json()["running"], timeout=30)

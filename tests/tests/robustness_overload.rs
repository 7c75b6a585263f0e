//! Load shedding (issue 6, "Overload"): when more requests are in progress than the server
//! takes on, the excess is answered at once with `503 overloaded` and `Retry-After`, health
//! probes still answer, and the server serves normally again as soon as the burst is over.
//! The limit is set to one request here so a burst of sign-ins (argon2, tens of
//! milliseconds each) is enough to exceed it.

use futures_util::future::join_all;
use kurs::domain::access::Role;
use kurs_api_tests::{PASSWORD, TestApp};

#[tokio::test]
async fn excess_requests_are_shed_with_503_and_the_server_recovers() {
    let app = TestApp::spawn_with(|settings| settings.max_requests_in_flight = 1).await;
    app.create_user("burst", Role::Council, &[]).await;

    let burst = (0..24).map(|_| app.try_login("burst", PASSWORD));
    let probe = async {
        // While the burst runs, the liveness probe is exempt from shedding.
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        app.anonymous().get("/healthz").await
    };
    let (answers, probe) = tokio::join!(join_all(burst), probe);

    assert_eq!(probe.status, 200, "health probe during the burst: {probe}");
    let served = answers.iter().filter(|a| a.status == 200).count();
    let shed: Vec<_> = answers.iter().filter(|a| a.status == 503).collect();
    assert!(served >= 1, "at least the first sign-in is served");
    assert!(
        !shed.is_empty(),
        "24 sign-ins against one slot: some must be shed, got {:?}",
        answers.iter().map(|a| a.status).collect::<Vec<_>>()
    );
    assert_eq!(served + shed.len(), answers.len(), "only 200 or 503");
    for answer in shed {
        answer.assert_problem(503, "overloaded");
        assert_eq!(answer.header("retry-after"), Some("1"), "{answer}");
    }

    // After the burst the server serves normally again.
    app.login("burst", PASSWORD).await;
}

//! "Log in with your Wikimedia account" against an OAuth 2.0 provider started inside each test,
//! speaking MediaWiki's three endpoints (the real wiki cannot be reached from here).
#![expect(clippy::unwrap_used, reason = "test helpers fail loudly")]

use concord_testapp::wikimedia_fake;

use concord_http::auth::wikimedia::{
    CallbackQuery, PendingLogin, WikimediaConfig, WikimediaError, WikimediaLogin,
};
use wikimedia_fake::{CLIENT_ID, CLIENT_SECRET, FakeUser, FakeWiki};

const REDIRECT: &str = "http://127.0.0.1:9/auth/wikimedia/callback";

fn config(wiki_url: &str) -> WikimediaConfig {
    WikimediaConfig {
        client_id: CLIENT_ID.to_owned(),
        client_secret: CLIENT_SECRET.to_owned(),
        wiki_url: wiki_url.parse().unwrap(),
        redirect_url: REDIRECT.parse().unwrap(),
    }
}

fn login(wiki: &FakeWiki) -> WikimediaLogin {
    WikimediaLogin::new(config(&wiki.url)).unwrap()
}

/// Begins a login and lets the fake wiki authorise it: the pending login, and the callback's
/// `state` and `code`.
async fn authorised(wiki: &FakeWiki, login: &WikimediaLogin) -> (PendingLogin, String, String) {
    let (url, pending) = login.begin();
    let (state, code) = wiki.authorize(&url, REDIRECT).await;
    (pending, state, code)
}

fn assert_no_secret(error: &WikimediaError, wiki: &FakeWiki) {
    let text = format!("{error} {:?}", std::error::Error::source(error));
    assert!(!text.contains(CLIENT_SECRET), "secret in {text:?}");
    for token in wiki.issued_tokens() {
        assert!(!text.contains(&token), "access token in {text:?}");
    }
}

#[tokio::test]
async fn a_login_returns_the_profile_of_the_wiki_user() {
    let wiki = FakeWiki::start(FakeUser::new(4_217, "Ada Lovelace")).await;
    let login = login(&wiki);
    let (pending, state, code) = authorised(&wiki, &login).await;

    let profile = login.finish(pending, &state, &code).await.unwrap();

    assert_eq!(profile.id, "4217");
    assert_eq!(profile.username, "Ada Lovelace");
    assert_eq!(profile.email, None);
    assert_eq!(wiki.token_requests(), 1);
    assert_eq!(wiki.profile_requests(), 1);
}

#[tokio::test]
async fn the_authorize_url_carries_state_and_an_s256_challenge_and_no_secret() {
    let wiki = FakeWiki::start(FakeUser::new(1, "Ada")).await;
    let (url, pending) = login(&wiki).begin();
    let query: Vec<(String, String)> = url.query_pairs().into_owned().collect();
    let get = |name: &str| {
        query
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.clone())
    };

    assert_eq!(url.path(), "/w/rest.php/oauth2/authorize");
    assert_eq!(get("response_type").as_deref(), Some("code"));
    assert_eq!(get("client_id").as_deref(), Some(CLIENT_ID));
    assert_eq!(get("redirect_uri").as_deref(), Some(REDIRECT));
    assert_eq!(get("state"), Some(pending.state.clone()));
    assert_eq!(get("code_challenge_method").as_deref(), Some("S256"));
    assert_eq!(
        get("code_challenge"),
        Some(wikimedia_fake::s256(&pending.pkce_verifier))
    );
    assert!(!url.as_str().contains(CLIENT_SECRET));
    assert!(!url.as_str().contains(&pending.pkce_verifier));
}

#[tokio::test]
async fn each_login_gets_its_own_state_and_verifier() {
    let wiki = FakeWiki::start(FakeUser::new(1, "Ada")).await;
    let login = login(&wiki);
    let (_, first) = login.begin();
    let (_, second) = login.begin();

    assert_ne!(first.state, second.state);
    assert_ne!(first.pkce_verifier, second.pkce_verifier);
    assert!(first.state.len() >= 43, "state too short: {}", first.state);
    assert!(first.pkce_verifier.len() >= 43);
}

#[tokio::test]
async fn a_wrong_state_is_refused_without_asking_the_wiki() {
    let wiki = FakeWiki::start(FakeUser::new(1, "Ada")).await;
    let login = login(&wiki);
    let (pending, state, code) = authorised(&wiki, &login).await;
    let forged = format!("{state}x");

    let error = login
        .finish(pending.clone(), &forged, &code)
        .await
        .unwrap_err();
    assert!(matches!(error, WikimediaError::StateMismatch), "{error:?}");
    let error = login.finish(pending, "", &code).await.unwrap_err();
    assert!(matches!(error, WikimediaError::StateMismatch), "{error:?}");

    assert_eq!(wiki.token_requests(), 0);
    assert_eq!(wiki.profile_requests(), 0);
}

#[tokio::test]
async fn a_blocked_user_is_refused() {
    let wiki = FakeWiki::start(FakeUser::new(13, "Vandal").blocked()).await;
    let login = login(&wiki);
    let (pending, state, code) = authorised(&wiki, &login).await;

    let error = login.finish(pending, &state, &code).await.unwrap_err();

    assert!(matches!(error, WikimediaError::Blocked), "{error:?}");
    assert_eq!(wiki.profile_requests(), 1);
}

#[tokio::test]
async fn a_wrong_pkce_verifier_is_refused_by_the_wiki() {
    let wiki = FakeWiki::start(FakeUser::new(1, "Ada")).await;
    let login = login(&wiki);
    let (pending, state, code) = authorised(&wiki, &login).await;
    let (_, other) = login.begin();
    let swapped = PendingLogin {
        state: pending.state,
        pkce_verifier: other.pkce_verifier,
    };

    let error = login.finish(swapped, &state, &code).await.unwrap_err();

    match &error {
        WikimediaError::Provider { status, detail } => {
            assert_eq!(*status, 400);
            assert!(detail.starts_with("invalid_grant"), "{detail}");
        }
        other => panic!("expected a provider refusal, got {other:?}"),
    }
    assert_eq!(wiki.profile_requests(), 0);
    assert_no_secret(&error, &wiki);
}

#[tokio::test]
async fn a_code_is_good_for_one_login_only() {
    let wiki = FakeWiki::start(FakeUser::new(1, "Ada")).await;
    let login = login(&wiki);
    let (pending, state, code) = authorised(&wiki, &login).await;
    login.finish(pending.clone(), &state, &code).await.unwrap();

    let error = login.finish(pending, &state, &code).await.unwrap_err();

    assert!(
        matches!(&error, WikimediaError::Provider { status: 400, detail } if detail.starts_with("invalid_grant")),
        "{error:?}"
    );
    assert_eq!(wiki.profile_requests(), 1);
}

#[tokio::test]
async fn a_wrong_client_secret_is_refused_and_not_repeated() {
    let wiki = FakeWiki::start(FakeUser::new(1, "Ada")).await;
    let mut settings = config(&wiki.url);
    settings.client_secret = "not-the-registered-secret".to_owned();
    let login = WikimediaLogin::new(settings).unwrap();
    let (pending, state, code) = authorised(&wiki, &login).await;

    let error = login.finish(pending, &state, &code).await.unwrap_err();

    assert!(
        matches!(&error, WikimediaError::Provider { status: 401, detail } if detail.starts_with("invalid_client")),
        "{error:?}"
    );
    // The fake echoes the secret it was sent in its description, as a careless server might.
    assert!(
        !error.to_string().contains("not-the-registered-secret"),
        "{error}"
    );
}

#[tokio::test]
async fn the_callback_query_is_checked_before_any_request() {
    let wiki = FakeWiki::start(FakeUser::new(1, "Ada")).await;
    let login = login(&wiki);
    let (pending, state, code) = authorised(&wiki, &login).await;
    let denied = CallbackQuery {
        error: Some("access_denied".to_owned()),
        ..CallbackQuery::default()
    };
    let no_state = CallbackQuery {
        code: Some(code.clone()),
        ..CallbackQuery::default()
    };

    let error = login.finish_callback(pending.clone(), &denied).await;
    assert!(matches!(error, Err(WikimediaError::Denied)), "{error:?}");
    let error = login.finish_callback(pending.clone(), &no_state).await;
    assert!(
        matches!(error, Err(WikimediaError::StateMismatch)),
        "{error:?}"
    );
    assert_eq!(wiki.token_requests(), 0);

    let good = CallbackQuery {
        code: Some(code),
        state: Some(state),
        error: None,
    };
    let profile = login.finish_callback(pending, &good).await.unwrap();
    assert_eq!(profile.username, "Ada");
}

#[tokio::test]
async fn an_unreachable_wiki_is_a_transport_error() {
    let closed = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap()
    };
    let login = WikimediaLogin::new(config(&format!("http://{closed}"))).unwrap();
    let (_, pending) = login.begin();
    let state = pending.state.clone();

    let error = login
        .finish(pending, &state, "some-code")
        .await
        .unwrap_err();

    assert!(matches!(error, WikimediaError::Transport(_)), "{error:?}");
    assert!(!error.to_string().contains(CLIENT_SECRET));
}

#[tokio::test]
async fn no_error_says_the_client_secret_or_a_token() {
    let wiki = FakeWiki::start(FakeUser::new(13, "Vandal").blocked()).await;
    let login = login(&wiki);
    let mut errors = Vec::new();
    let (pending, state, code) = authorised(&wiki, &login).await;
    errors.push(login.finish(pending.clone(), "forged", &code).await);
    errors.push(login.finish(pending.clone(), &state, &code).await);
    errors.push(login.finish(pending.clone(), &state, &code).await);
    wiki.answer_profile_with_garbage();
    let (pending, state, code) = authorised(&wiki, &login).await;
    errors.push(login.finish(pending, &state, &code).await);

    let errors: Vec<WikimediaError> = errors.into_iter().map(Result::unwrap_err).collect();
    assert!(matches!(errors[1], WikimediaError::Blocked));
    assert!(
        matches!(errors[3], WikimediaError::BadResponse(_)),
        "{:?}",
        errors[3]
    );
    assert_eq!(wiki.issued_tokens().len(), 2);
    for error in &errors {
        assert_no_secret(error, &wiki);
    }
}

#[tokio::test]
async fn debug_output_redacts_the_secret_and_the_pending_login() {
    let wiki = FakeWiki::start(FakeUser::new(1, "Ada")).await;
    let login = login(&wiki);
    let (_, pending) = login.begin();

    for text in [
        format!("{:?}", config(&wiki.url)),
        format!("{login:?}"),
        format!("{pending:?}"),
    ] {
        assert!(!text.contains(CLIENT_SECRET), "{text}");
        assert!(!text.contains(&pending.state), "{text}");
        assert!(!text.contains(&pending.pkce_verifier), "{text}");
    }
}

#[test]
fn settings_that_would_send_secrets_in_clear_are_refused() {
    let plain = config("http://meta.wikimedia.example");
    let error = WikimediaLogin::new(plain).unwrap_err();
    assert!(matches!(error, WikimediaError::Config(_)), "{error:?}");

    let mut plain_redirect = config("https://meta.wikimedia.example");
    plain_redirect.redirect_url = "http://concord.example/callback".parse().unwrap();
    assert!(WikimediaLogin::new(plain_redirect).is_err());

    let mut no_secret = config("https://meta.wikimedia.example");
    no_secret.client_secret = String::new();
    assert!(WikimediaLogin::new(no_secret).is_err());

    assert!(WikimediaLogin::new(config("https://meta.wikimedia.example")).is_ok());
    assert!(WikimediaLogin::new(config("http://localhost:8080")).is_ok());
}

#[tokio::test]
async fn a_wiki_under_a_path_keeps_its_path() {
    let login = WikimediaLogin::new(config("https://wiki.example/mirror/")).unwrap();
    let (url, _) = login.begin();
    assert_eq!(url.path(), "/mirror/w/rest.php/oauth2/authorize");
}

#[test]
fn finishing_a_login_can_run_on_any_thread() {
    fn assert_send<T: Send>(_: &T) {}
    let login = WikimediaLogin::new(config("https://meta.wikimedia.example")).unwrap();
    let (_, pending) = login.begin();
    let future = login.finish(pending, "state", "code");
    assert_send(&future);
}

//! A served application and a headless Chromium for one test.

use std::net::SocketAddr;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use concord_testapp::TestApp;
use fantoccini::{Client, ClientBuilder};
use serde_json::json;

/// A headless browser looking at a freshly served application.
pub struct Browser {
    /// The WebDriver session.
    pub client: Client,
    /// The application's address, `http://127.0.0.1:PORT`.
    pub base: String,
    /// The application being served, kept alive for as long as the browser (its database
    /// lives in a temporary directory that goes with it); tests may fill it through its API.
    pub app: TestApp,
    driver: Child,
}

impl Browser {
    /// Serves a new application and opens a browser on it; `None` (after a loud notice) when
    /// ChromeDriver is not installed, which fails under `CI=true`.
    pub async fn start() -> Option<Browser> {
        Self::start_in(Scheme::Light).await
    }

    /// [`Browser::start`] with the browser preferring `scheme`.
    pub async fn start_in(scheme: Scheme) -> Option<Browser> {
        let driver_path = std::env::var("CONCORD_CHROMEDRIVER")
            .unwrap_or_else(|_| "/usr/bin/chromedriver".into());
        if !std::path::Path::new(&driver_path).exists() {
            assert!(
                std::env::var("CI").as_deref() != Ok("true"),
                "ChromeDriver is missing at {driver_path} under CI=true: failing, not skipping"
            );
            eprintln!("!!! ChromeDriver not found at {driver_path}: browser test SKIPPED !!!");
            return None;
        }
        let app = TestApp::new().await;
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let router = app.router.clone();
        tokio::spawn(async move {
            let service = router.into_make_service_with_connect_info::<SocketAddr>();
            axum::serve(listener, service).await.unwrap();
        });
        let port = free_port().await;
        let driver = Command::new(&driver_path)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("ChromeDriver starts");
        let client = connect(port, scheme).await;
        Some(Browser {
            client,
            base,
            app,
            driver,
        })
    }

    /// Opens `path` on the application.
    pub async fn open(&self, path: &str) {
        self.client
            .goto(&format!("{}{path}", self.base))
            .await
            .unwrap();
    }

    /// Makes an account with `roles` and logs the browser in as it through the log-in form
    /// (its session cookie then goes with every page the browser opens).
    pub async fn log_in(&self, username: &str, roles: &[concord_domain::Role]) {
        self.app.create_account(username, PASSWORD, roles).await;
        self.log_in_as(username).await;
    }

    /// Logs the browser out (its cookies dropped) and in as the existing account `username`,
    /// whose password is [`PASSWORD`].
    pub async fn log_in_as(&self, username: &str) {
        self.client.delete_all_cookies().await.unwrap();
        self.open("/login").await;
        let field = |id: &'static str| self.client.find(fantoccini::Locator::Id(id));
        field("username")
            .await
            .unwrap()
            .send_keys(username)
            .await
            .unwrap();
        field("password")
            .await
            .unwrap()
            .send_keys(PASSWORD)
            .await
            .unwrap();
        self.client
            .find(fantoccini::Locator::Css(
                "form[action='/login'] button[type=submit]",
            ))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
        for _ in 0..50 {
            let url = self.client.current_url().await.unwrap();
            if !url.path().starts_with("/login") {
                return;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("logging in as {username} did not leave the log-in page");
    }

    /// Runs `script` in the page and returns its value.
    pub async fn eval(&self, script: &str) -> serde_json::Value {
        self.client.execute(script, vec![]).await.unwrap()
    }

    /// Ends the browser session (ChromeDriver stops when the `Browser` drops).
    pub async fn close(self) {
        self.client.clone().close().await.unwrap();
    }
}

impl Drop for Browser {
    /// Stops ChromeDriver, also when a test fails half-way.
    fn drop(&mut self) {
        if let Err(e) = self.driver.kill() {
            eprintln!("could not stop ChromeDriver: {e}");
        }
        if let Err(e) = self.driver.wait() {
            eprintln!("could not reap ChromeDriver: {e}");
        }
    }
}

/// The password of the accounts [`Browser::log_in`] makes.
pub const PASSWORD: &str = "correct horse battery staple";

async fn free_port() -> u16 {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    listener.local_addr().unwrap().port()
}

/// The colour scheme the browser asks pages for (`prefers-color-scheme`).
#[derive(Clone, Copy, Debug)]
pub enum Scheme {
    Light,
    Dark,
}

/// A WebDriver session with headless Chromium, once ChromeDriver listens.
async fn connect(port: u16, scheme: Scheme) -> Client {
    let mut args = vec![
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--window-size=1200,800",
    ];
    if let Scheme::Dark = scheme {
        // Blink's own setting: 0 is dark.
        args.push("--blink-settings=preferredColorScheme=0");
    }
    let mut capabilities = serde_json::Map::new();
    capabilities.insert(
        "goog:chromeOptions".into(),
        json!({
            "binary": std::env::var("CONCORD_CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into()),
            "args": args
        }),
    );
    let url = format!("http://127.0.0.1:{port}");
    for _ in 0..100 {
        let connector = hyper_util::client::legacy::connect::HttpConnector::new();
        match ClientBuilder::new(connector)
            .capabilities(capabilities.clone())
            .connect(&url)
            .await
        {
            Ok(client) => return client,
            Err(_) => tokio::time::sleep(Duration::from_millis(100)).await,
        }
    }
    panic!("ChromeDriver did not answer on {url}");
}

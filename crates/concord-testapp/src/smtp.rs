//! An SMTP server inside the test, which keeps every message it is given, so a test reads the
//! e-mail the app sent. Written here rather than taken from a crate: what a test needs is the
//! few commands lettre sends (EHLO, MAIL, RCPT, DATA, QUIT, RSET, NOOP) answered over tokio in
//! the test's own runtime, and the message kept; the SMTP server crates are whole servers with
//! threads and handlers of their own.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};

/// A message as the server received it.
#[derive(Clone, Debug)]
pub struct Received {
    /// `RCPT TO` addresses.
    pub to: Vec<String>,
    /// The message: headers, a blank line, the body (dot-stuffing undone).
    pub data: String,
}

impl Received {
    /// The body as text, its transfer encoding (base64 or quoted-printable) undone.
    pub fn body(&self) -> String {
        let (head, body) = self.data.split_once("\n\n").unwrap_or(("", &self.data));
        let encoding = head
            .lines()
            .find_map(|l| l.strip_prefix("Content-Transfer-Encoding:"))
            .map(|e| e.trim().to_ascii_lowercase())
            .unwrap_or_default();
        let bytes = match encoding.as_str() {
            "base64" => {
                use base64::Engine;
                let joined: String = body.split_whitespace().collect();
                base64::engine::general_purpose::STANDARD
                    .decode(joined)
                    .unwrap()
            }
            "quoted-printable" => quoted_printable(body),
            _ => body.as_bytes().to_vec(),
        };
        String::from_utf8(bytes).unwrap()
    }
}

/// Undoes quoted-printable (RFC 2045 §6.7): soft line breaks and `=XX` bytes.
fn quoted_printable(text: &str) -> Vec<u8> {
    let joined = text.replace("=\n", "");
    let bytes = joined.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'=', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (b, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    out
}

/// The server: its address and what it received.
#[derive(Clone, Debug)]
pub struct SmtpSink {
    /// `smtp://127.0.0.1:<port>`, for the mailer.
    pub url: String,
    received: Arc<Mutex<Vec<Received>>>,
}

impl SmtpSink {
    /// Starts the server on a free port of this machine.
    pub async fn start() -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let received = Arc::new(Mutex::new(Vec::new()));
        let kept = received.clone();
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                tokio::spawn(session(stream, kept.clone()));
            }
        });
        Self {
            url: format!("smtp://127.0.0.1:{port}"),
            received,
        }
    }

    /// The messages received so far.
    pub fn messages(&self) -> Vec<Received> {
        self.received.lock().unwrap().clone()
    }

    /// Waits (up to ten seconds) until `count` messages have arrived; them all.
    pub async fn wait_for(&self, count: usize) -> Vec<Received> {
        for _ in 0..200 {
            let now = self.messages();
            if now.len() >= count {
                return now;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!(
            "{count} e-mails expected, {} arrived",
            self.messages().len()
        );
    }
}

/// One connection: answers each command, keeps each message.
async fn session(stream: TcpStream, kept: Arc<Mutex<Vec<Received>>>) {
    let (read, mut write) = stream.into_split();
    let mut lines = BufReader::new(read).lines();
    let reply = |text: &str| format!("{text}\r\n");
    if write
        .write_all(reply("220 sink ESMTP").as_bytes())
        .await
        .is_err()
    {
        return;
    }
    let mut to = Vec::new();
    while let Ok(Some(line)) = lines.next_line().await {
        let command = line.to_ascii_uppercase();
        let answer = if command.starts_with("EHLO") {
            "250-sink\r\n250 8BITMIME".to_owned()
        } else if command.starts_with("HELO") || command.starts_with("MAIL") {
            "250 OK".to_owned()
        } else if command.starts_with("RCPT") {
            let address = line.split_once(':').map(|(_, a)| a.trim()).unwrap_or("");
            to.push(address.trim_matches(['<', '>']).to_owned());
            "250 OK".to_owned()
        } else if command.starts_with("DATA") {
            if write
                .write_all(reply("354 go on").as_bytes())
                .await
                .is_err()
            {
                return;
            }
            let mut data = Vec::new();
            while let Ok(Some(line)) = lines.next_line().await {
                if line == "." {
                    break;
                }
                data.push(line.strip_prefix('.').map_or(line.clone(), str::to_owned));
            }
            kept.lock().unwrap().push(Received {
                to: std::mem::take(&mut to),
                data: data.join("\n"),
            });
            "250 kept".to_owned()
        } else if command.starts_with("QUIT") {
            let _ = write.write_all(reply("221 bye").as_bytes()).await;
            return;
        } else if command.starts_with("RSET") || command.starts_with("NOOP") {
            to.clear();
            "250 OK".to_owned()
        } else {
            "502 not implemented".to_owned()
        };
        if write.write_all(reply(&answer).as_bytes()).await.is_err() {
            return;
        }
    }
}

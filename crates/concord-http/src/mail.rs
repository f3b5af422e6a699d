//! E-mail to inquirers (issue #13, item 3), when the server is given an SMTP server: a receipt
//! with the private status link when an inquiry arrives, and a word when it is accepted,
//! forwarded or declined, each in the language the inquirer wrote in. Mail goes out in the
//! background: the write it follows has succeeded whatever the mail server says, so a failure
//! is logged, never answered.

use std::sync::Arc;
use std::time::Duration;

use concord_domain::{Inquiry, InquiryStatus};
use concord_i18n::{Arg, Lang, Localizer};
use lettre::message::{Mailbox, header::ContentType};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use url::Url;

/// How long one delivery may take before it is given up (and logged).
const TIMEOUT: Duration = Duration::from_secs(20);

/// Why the mail settings are refused.
#[derive(Debug, thiserror::Error)]
pub enum MailError {
    /// The SMTP URL is not one lettre understands.
    #[error("the SMTP URL is not valid (smtp://host:port, smtps://user:password@host): {0}")]
    Url(#[from] lettre::transport::smtp::Error),
    /// The sender is not an address.
    #[error("the sender `{0}` is not an e-mail address (\"Concord <concord@example.org>\")")]
    From(String),
}

/// Sends the front door's e-mail through one SMTP server.
#[derive(Clone)]
pub struct Mailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
    site: Url,
}

impl std::fmt::Debug for Mailer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Mailer")
            .field("from", &self.from.to_string())
            .field("site", &self.site.as_str())
            .finish_non_exhaustive()
    }
}

impl Mailer {
    /// A mailer sending through `smtp_url` (`smtp://host:25`, `smtps://user:pass@host`, or
    /// `smtp://host:587?tls=required`) as `from`, linking to pages under `site`.
    pub fn new(smtp_url: &str, from: &str, site: Url) -> Result<Arc<Self>, MailError> {
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(smtp_url)?
            .timeout(Some(TIMEOUT))
            .build();
        let from = from
            .parse::<Mailbox>()
            .map_err(|_| MailError::From(from.to_owned()))?;
        Ok(Arc::new(Self {
            transport,
            from,
            site,
        }))
    }

    /// The receipt of a new inquiry: where it went and its status link (`secret`).
    pub fn received(&self, inquiry: &Inquiry, secret: &str, with: &str) {
        let t = reader(inquiry);
        let with = Some(with);
        let link = self.link(&format!("/inquiries/status/{secret}"));
        let body = t.msg_with(
            "concord-mail-received-body",
            &[
                Arg::Text(inquiry.contact.name.clone()),
                Arg::Text(inquiry.organisation.clone()),
                entity(t, with),
                Arg::Text(link),
            ],
        );
        self.send(inquiry, t.msg("concord-mail-received-subject"), body);
    }

    /// A word on a decision: accepted or declined by `with`, or forwarded to `with` (`None`:
    /// an entity the public may not see).
    pub fn decided(&self, inquiry: &Inquiry, with: Option<&str>) {
        let t = reader(inquiry);
        let name = Arg::Text(inquiry.contact.name.clone());
        let org = Arg::Text(inquiry.organisation.clone());
        let with = entity(t, with);
        let body = match inquiry.status {
            InquiryStatus::Accepted => t.msg_with("concord-mail-accepted-body", &[name, with, org]),
            InquiryStatus::Declined => {
                let reason = Arg::Text(inquiry.reason.clone().unwrap_or_default());
                t.msg_with("concord-mail-declined-body", &[name, with, org, reason])
            }
            InquiryStatus::New => t.msg_with("concord-mail-forwarded-body", &[name, org, with]),
        };
        let status = t.msg(&format!(
            "concord-inquiry-status-{}",
            inquiry.status.as_str()
        ));
        let subject = t.msg_with("concord-mail-decided-subject", &[Arg::Text(status)]);
        self.send(inquiry, subject, body);
    }

    /// `path` under the site's address.
    fn link(&self, path: &str) -> String {
        format!("{}{path}", self.site.as_str().trim_end_matches('/'))
    }

    /// Sends in the background; a refusal or a failure is logged.
    fn send(&self, inquiry: &Inquiry, subject: String, body: String) {
        let to = match inquiry.contact.email.parse::<Mailbox>() {
            Ok(address) => Mailbox::new(Some(inquiry.contact.name.clone()), address.email),
            Err(e) => {
                tracing::warn!(inquiry = %inquiry.id, error = %e, "no e-mail: the address does not parse");
                return;
            }
        };
        let message = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(subject)
            .header(ContentType::TEXT_PLAIN)
            .body(body);
        let message = match message {
            Ok(message) => message,
            Err(e) => {
                tracing::warn!(inquiry = %inquiry.id, error = %e, "no e-mail: it could not be built");
                return;
            }
        };
        let transport = self.transport.clone();
        let id = inquiry.id;
        tokio::spawn(async move {
            if let Err(e) = transport.send(message).await {
                tracing::warn!(inquiry = %id, error = %e, "an e-mail to an inquirer was not sent");
            }
        });
    }
}

/// The entity's name, or what a page says of a record the reader may not see.
fn entity(t: &Localizer, name: Option<&str>) -> Arg {
    Arg::Text(name.map_or_else(|| t.msg("concord-record-unavailable"), str::to_owned))
}

/// The messages in the inquirer's language (English when it is not one of the site's).
fn reader(inquiry: &Inquiry) -> &'static Localizer {
    concord_i18n::localizer(Lang::from_code(&inquiry.language).unwrap_or(Lang::En))
}

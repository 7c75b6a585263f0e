//! Outgoing e-mail over SMTP (lettre on tokio): plain SMTP, STARTTLS (required) or TLS from
//! the first byte, via rustls with the Mozilla root certificates, and optional
//! authentication. Messages are German plain text. Off unless `[mail] enabled = true`;
//! the password is a [`crate::config::Secret`] and never logged.

use std::time::Duration;

use anyhow::Context;
use lettre::message::Mailbox;
use lettre::message::header::ContentType;
use lettre::transport::smtp::authentication::Credentials;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

use crate::config::{MailSecurity, MailSettings};

/// One plain-text message to one recipient.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutgoingMail {
    pub to_name: String,
    pub to_address: String,
    pub subject: String,
    pub body: String,
}

/// A configured SMTP sender. Building it opens no connection; each [`Mailer::send`] runs
/// one SMTP conversation.
pub struct Mailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
}

impl Mailer {
    /// The mailer of the settings, `None` when mail is off. Fails on an unusable sender
    /// address or host (checked at startup).
    pub fn from_settings(settings: &MailSettings) -> anyhow::Result<Option<Self>> {
        if !settings.enabled {
            return Ok(None);
        }
        let from: Mailbox = settings
            .from
            .parse()
            .with_context(|| format!("the mail sender '{}' is not an address", settings.from))?;
        let host = settings.smtp_host.trim();
        let mut builder = match settings.security {
            MailSecurity::None => AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(host),
            MailSecurity::Starttls => AsyncSmtpTransport::<Tokio1Executor>::starttls_relay(host)
                .with_context(|| format!("cannot use SMTP host '{host}' with STARTTLS"))?,
            MailSecurity::Tls => AsyncSmtpTransport::<Tokio1Executor>::relay(host)
                .with_context(|| format!("cannot use SMTP host '{host}' with TLS"))?,
        }
        .port(settings.smtp_port)
        .timeout(Some(Duration::from_secs(settings.timeout_seconds)));
        if let Some(user) = &settings.smtp_username {
            let password = settings
                .smtp_password
                .as_ref()
                .map(|p| p.expose().to_owned())
                .unwrap_or_default();
            builder = builder.credentials(Credentials::new(user.clone(), password));
        }
        Ok(Some(Self {
            transport: builder.build(),
            from,
        }))
    }

    /// Sends one message (one SMTP conversation).
    pub async fn send(&self, mail: &OutgoingMail) -> anyhow::Result<()> {
        let address = mail
            .to_address
            .parse()
            .with_context(|| format!("'{}' is not an e-mail address", mail.to_address))?;
        let message = Message::builder()
            .from(self.from.clone())
            .to(Mailbox::new(Some(mail.to_name.clone()), address))
            .subject(mail.subject.clone())
            .header(ContentType::TEXT_PLAIN)
            .body(mail.body.clone())
            .context("cannot build the e-mail")?;
        self.transport
            .send(message)
            .await
            .context("the SMTP server did not accept the e-mail")?;
        Ok(())
    }
}

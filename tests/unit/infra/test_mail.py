"""Email delivery by SMTP against a real local server (aiosmtpd on 127.0.0.1): plain SMTP,
STARTTLS when offered, login with percent-encoded credentials, smtps from the start, and the
errors a failed delivery raises. (The outbox's delivery is tested in
tests/integration/services/messages/test_outbox.py.)"""

import ipaddress
import smtplib
import socket
import ssl
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from email import message_from_bytes
from email.policy import default

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from champions.infra import mail
from champions.infra.mail import (
    DELIVERY_ERRORS,
    InsecureDelivery,
    failure_reason,
    is_permanent,
    send_email,
    smtp_url,
)

HOST = "127.0.0.1"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


class Inbox:
    """An aiosmtpd handler that keeps what it receives and how the connection was made."""

    def __init__(self, refuse_rcpt: bool = False):
        self.refuse_rcpt = refuse_rcpt
        self.messages: list = []  # (envelope, encrypted, authenticated)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.refuse_rcpt:
            return "550 5.1.1 No such user"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        encrypted = server.transport.get_extra_info("ssl_object") is not None
        self.messages.append((envelope, encrypted, bool(session.authenticated)))
        return "250 OK"


class Accounts:
    """An aiosmtpd authenticator accepting one login and password; keeps every attempt."""

    def __init__(self, login: str, password: str):
        self.expected = LoginPassword(login.encode(), password.encode())
        self.attempts: list[LoginPassword] = []

    def __call__(self, server, session, envelope, mechanism, auth_data):
        self.attempts.append(auth_data)
        return AuthResult(success=auth_data == self.expected, handled=False)


def _name(common_name: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])


@pytest.fixture(scope="module")
def certificate(tmp_path_factory) -> tuple[str, str, str]:
    """A test certificate authority and a server certificate it signed for the address
    127.0.0.1 only (not for the name "localhost"), made with `cryptography`: (server key,
    server certificate, the authority's certificate), as PEM files."""
    folder = tmp_path_factory.mktemp("tls")
    now = datetime.now(UTC)
    ca_key, server_key = ec.generate_private_key(ec.SECP256R1()), ec.generate_private_key(ec.SECP256R1())
    ca_ski = x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key())
    ca_cert = (
        x509.CertificateBuilder()
        .subject_name(_name("Champions test CA"))
        .issuer_name(_name("Champions test CA"))
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(minutes=5))
        .not_valid_after(now + timedelta(days=2))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(False, False, False, False, False, True, True, False, False), critical=True
        )
        .add_extension(ca_ski, critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    server_cert = (
        x509.CertificateBuilder()
        .subject_name(_name(HOST))
        .issuer_name(ca_cert.subject)
        .public_key(server_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(minutes=5))
        .not_valid_after(now + timedelta(days=2))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address(HOST))]), critical=False
        )
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(server_key.public_key()), critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_subject_key_identifier(ca_ski), critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    key, cert, ca = folder / "key.pem", folder / "cert.pem", folder / "ca.pem"
    key.write_bytes(
        server_key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    cert.write_bytes(server_cert.public_bytes(serialization.Encoding.PEM))
    ca.write_bytes(ca_cert.public_bytes(serialization.Encoding.PEM))
    return str(key), str(cert), str(ca)


@pytest.fixture
def trusted(monkeypatch, certificate) -> str:
    """The test authority is the one CHAMPIONS_SMTP_CA_FILE names."""
    monkeypatch.setenv("CHAMPIONS_SMTP_CA_FILE", certificate[2])
    return certificate[2]


def server_context(certificate) -> ssl.SSLContext:
    key, cert, _ = certificate
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    return context


@pytest.fixture
def smtp_server() -> Iterator:
    """Starts aiosmtpd servers on loopback ports (stopped after the test); returns the port."""
    controllers: list[Controller] = []

    def start(handler, **options) -> int:
        port = free_port()
        controller = Controller(handler, hostname=HOST, port=port, ready_timeout=10, **options)
        controller.start()
        controllers.append(controller)
        return port

    yield start
    for controller in controllers:
        controller.stop()


def received(inbox: Inbox):
    """The one message received: envelope, parsed email (line ends as written), encrypted, logged in."""
    [(envelope, encrypted, authenticated)] = inbox.messages
    message = message_from_bytes(envelope.content.replace(b"\r\n", b"\n"), policy=default)
    return envelope, message, encrypted, authenticated


def test_a_plain_relay_is_used_only_when_configured_as_such(smtp_server):
    inbox = Inbox()
    port = smtp_server(inbox)
    send_email(
        f"smtp+plain://{HOST}:{port}", to="ana@example.org", subject="Hello", body="First line\nSecond"
    )
    envelope, message, encrypted, authenticated = received(inbox)
    assert envelope.rcpt_tos == ["ana@example.org"]
    assert message["From"] == mail.SENDER
    assert message["To"] == "ana@example.org"
    assert message["Subject"] == "Hello"
    assert message.get_content_type() == "text/plain"
    assert message.get_content() == "First line\nSecond\n"
    assert (encrypted, authenticated) == (False, False)


@pytest.mark.parametrize(
    "reply_to, header", [("secretariat@we-gov.org", "secretariat@we-gov.org"), ("", None)]
)
def test_the_reply_to_is_the_program_s_contact_when_there_is_one(smtp_server, reply_to, header):
    inbox = Inbox()
    port = smtp_server(inbox)
    send_email(
        f"smtp+plain://{HOST}:{port}", to="ana@example.org", subject="Hello", body="Hi", reply_to=reply_to
    )
    _, message, _, _ = received(inbox)
    assert message["Reply-To"] == header
    assert message["From"] == mail.SENDER


def test_non_ascii_subject_and_body_arrive_intact(smtp_server):
    inbox = Inbox()
    port = smtp_server(inbox)
    subject, body = "Résultats — Анна, 東京", "Félicitations, Émile!\nΚαλή επιτυχία."
    send_email(f"smtp+plain://{HOST}:{port}", to="emile@example.org", subject=subject, body=body)
    _, message, _, _ = received(inbox)
    assert message["Subject"] == subject
    assert message.get_content() == body + "\n"


@pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS:UserWarning")
def test_a_plain_relay_never_gets_credentials(smtp_server):
    inbox, accounts = Inbox(), Accounts("ana", "secret")
    port = smtp_server(inbox, authenticator=accounts, auth_require_tls=False)
    with pytest.raises(InsecureDelivery) as raised:
        send_email(f"smtp+plain://ana:secret@{HOST}:{port}", to="bo@example.org", subject="s", body="b")
    assert str(raised.value) == (
        "smtp+plain:// encrypts nothing, so it takes no user or password: "
        "use smtp:// (STARTTLS) or smtps:// to log in."
    )
    assert isinstance(raised.value, DELIVERY_ERRORS)
    assert (accounts.attempts, inbox.messages) == ([], [])


@pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS:UserWarning")
@pytest.mark.parametrize("user", ["ana:secret@", ""])
def test_smtp_without_starttls_sends_neither_password_nor_message(smtp_server, user):
    inbox, accounts = Inbox(), Accounts("ana", "secret")
    port = smtp_server(inbox, authenticator=accounts, auth_require_tls=False)
    with pytest.raises(InsecureDelivery) as raised:
        send_email(f"smtp://{user}{HOST}:{port}", to="bo@example.org", subject="s", body="b")
    assert str(raised.value) == (
        f"{HOST} does not offer STARTTLS, so nothing was sent (no password, no message). "
        "Use smtps://, or smtp+plain:// for a local relay without encryption."
    )
    assert (accounts.attempts, inbox.messages) == ([], [])


def test_an_unknown_scheme_is_refused():
    with pytest.raises(InsecureDelivery) as raised:
        send_email("smtpx://mail.example.org", to="bo@example.org", subject="s", body="b")
    assert str(raised.value) == (
        "CHAMPIONS_SMTP_URL must start with smtps://, smtp:// or smtp+plain://, not smtpx://."
    )


def test_starttls_refuses_a_certificate_no_trusted_authority_signed(monkeypatch, smtp_server, certificate):
    monkeypatch.delenv("CHAMPIONS_SMTP_CA_FILE", raising=False)  # the system's authorities only
    inbox, accounts = Inbox(), Accounts("ana", "secret")
    port = smtp_server(inbox, tls_context=server_context(certificate), authenticator=accounts)
    with pytest.raises(ssl.SSLCertVerificationError) as raised:
        send_email(f"smtp://ana:secret@{HOST}:{port}", to="bo@example.org", subject="s", body="b")
    assert isinstance(raised.value, DELIVERY_ERRORS)
    assert raised.value.verify_message == "unable to get local issuer certificate"
    assert failure_reason(raised.value) == (
        "SSLCertVerificationError: the server's certificate is not trusted "
        "(unable to get local issuer certificate)"
    )
    assert (accounts.attempts, inbox.messages) == ([], [])  # the password never left


def test_starttls_with_the_authority_of_the_ca_file(smtp_server, certificate, trusted):
    inbox = Inbox()
    port = smtp_server(inbox, tls_context=server_context(certificate))
    send_email(f"smtp://{HOST}:{port}", to="ana@example.org", subject="Over TLS", body="Secret")
    envelope, message, encrypted, authenticated = received(inbox)
    assert encrypted is True and authenticated is False
    assert message["Subject"] == "Over TLS" and envelope.rcpt_tos == ["ana@example.org"]


@pytest.mark.parametrize("scheme", ["smtp", "smtps"])
def test_a_certificate_for_another_host_name_is_refused(smtp_server, certificate, trusted, scheme):
    inbox, accounts = Inbox(), Accounts("ana", "secret")
    # The certificate is for 127.0.0.1; the same server reached as "localhost" is not it.
    options = {"tls_context": server_context(certificate), "authenticator": accounts}
    if scheme == "smtps":
        options = {"ssl_context": server_context(certificate)}
    port = smtp_server(inbox, **options)
    with pytest.raises(ssl.SSLCertVerificationError) as raised:
        send_email(f"{scheme}://ana:secret@localhost:{port}", to="bo@example.org", subject="s", body="b")
    assert raised.value.verify_message == "Hostname mismatch, certificate is not valid for 'localhost'."
    assert (accounts.attempts, inbox.messages) == ([], [])


def test_login_after_starttls_with_percent_encoded_credentials(smtp_server, certificate, trusted):
    inbox, accounts = Inbox(), Accounts("ana@example.org", "p@ss:w/rd %")
    port = smtp_server(
        inbox, tls_context=server_context(certificate), authenticator=accounts, auth_required=True
    )
    url = f"smtp://ana%40example.org:p%40ss%3Aw%2Frd%20%25@{HOST}:{port}"
    send_email(url, to="bo@example.org", subject="Logged in", body="Hi")
    assert accounts.attempts == [accounts.expected]
    envelope, message, encrypted, authenticated = received(inbox)
    assert (encrypted, authenticated) == (True, True)
    assert envelope.rcpt_tos == ["bo@example.org"] and message["Subject"] == "Logged in"


def test_a_wrong_password_raises_a_delivery_error_and_sends_nothing(smtp_server, certificate, trusted):
    inbox, accounts = Inbox(), Accounts("ana", "right")
    port = smtp_server(
        inbox, tls_context=server_context(certificate), authenticator=accounts, auth_required=True
    )
    with pytest.raises(smtplib.SMTPAuthenticationError) as raised:
        send_email(f"smtp://ana:wrong@{HOST}:{port}", to="bo@example.org", subject="s", body="b")
    assert isinstance(raised.value, DELIVERY_ERRORS)
    assert raised.value.smtp_code == 535
    assert failure_reason(raised.value) == (
        "SMTPAuthenticationError: the server answered 535 5.7.8 Authentication credentials invalid"
    )
    assert set(accounts.attempts) == {LoginPassword(b"ana", b"wrong")}  # smtplib tries PLAIN, then LOGIN
    assert inbox.messages == []


def test_a_user_without_password_logs_in_with_an_empty_password(smtp_server, certificate, trusted):
    inbox, accounts = Inbox(), Accounts("relay", "")
    port = smtp_server(inbox, tls_context=server_context(certificate), authenticator=accounts)
    send_email(f"smtp://relay@{HOST}:{port}", to="bo@example.org", subject="s", body="b")
    assert accounts.attempts == [LoginPassword(b"relay", b"")]
    assert received(inbox)[3] is True


@pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS:UserWarning")
def test_smtps_is_tls_from_the_start_with_login(smtp_server, certificate, trusted):
    inbox, accounts = Inbox(), Accounts("ana", "secret")
    # aiosmtpd counts only STARTTLS as TLS for AUTH; this connection is encrypted from the start.
    port = smtp_server(
        inbox,
        ssl_context=server_context(certificate),
        authenticator=accounts,
        auth_required=True,
        auth_require_tls=False,
    )
    send_email(f"smtps://ana:secret@{HOST}:{port}", to="bo@example.org", subject="Implicit TLS", body="b")
    assert accounts.attempts == [LoginPassword(b"ana", b"secret")]
    envelope, message, encrypted, authenticated = received(inbox)
    assert (encrypted, authenticated) == (True, True)
    assert message["Subject"] == "Implicit TLS" and envelope.rcpt_tos == ["bo@example.org"]


@pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS:UserWarning")
def test_smtps_refuses_an_untrusted_certificate(monkeypatch, smtp_server, certificate):
    monkeypatch.delenv("CHAMPIONS_SMTP_CA_FILE", raising=False)
    inbox, accounts = Inbox(), Accounts("ana", "secret")
    port = smtp_server(
        inbox, ssl_context=server_context(certificate), authenticator=accounts, auth_require_tls=False
    )
    with pytest.raises(ssl.SSLCertVerificationError):
        send_email(f"smtps://ana:secret@{HOST}:{port}", to="bo@example.org", subject="s", body="b")
    assert (accounts.attempts, inbox.messages) == ([], [])


def test_smtps_against_a_plain_server_is_a_delivery_error(smtp_server):
    inbox = Inbox()
    port = smtp_server(inbox)
    with pytest.raises(DELIVERY_ERRORS) as raised:
        send_email(f"smtps://{HOST}:{port}", to="bo@example.org", subject="s", body="b")
    assert isinstance(raised.value, ssl.SSLError)
    assert inbox.messages == []


def test_a_refused_recipient_is_a_permanent_delivery_error(smtp_server):
    inbox = Inbox(refuse_rcpt=True)
    port = smtp_server(inbox)
    with pytest.raises(smtplib.SMTPRecipientsRefused) as raised:
        send_email(f"smtp+plain://{HOST}:{port}", to="nobody@example.org", subject="s", body="b")
    assert isinstance(raised.value, DELIVERY_ERRORS)
    assert raised.value.recipients == {"nobody@example.org": (550, b"5.1.1 No such user")}
    assert failure_reason(raised.value) == (
        "SMTPRecipientsRefused: the server refused the recipient (nobody@example.org: 550 5.1.1 No such user)"
    )
    assert is_permanent(raised.value) is True
    assert inbox.messages == []


@pytest.mark.parametrize("scheme", ["smtp", "smtps", "smtp+plain"])
def test_a_closed_port_is_a_refused_connection(scheme):
    port = free_port()  # bound then released: nothing listens there
    with pytest.raises(ConnectionRefusedError) as raised:
        send_email(f"{scheme}://{HOST}:{port}", to="bo@example.org", subject="s", body="b")
    assert isinstance(raised.value, DELIVERY_ERRORS)
    assert is_permanent(raised.value) is False


class Recorder:
    """Stands in for smtplib's clients: records where it would connect, sends nothing."""

    made: list = []
    contexts: list = []

    def __init__(self, host, port, timeout, context=None):
        Recorder.made.append((type(self).__name__, host, port, timeout))
        Recorder.contexts.append(context)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def ehlo(self):
        pass

    def has_extn(self, name):
        return True

    def starttls(self, context):
        Recorder.contexts.append(context)

    def send_message(self, email):
        pass


class PlainRecorder(Recorder):
    pass


class SSLRecorder(Recorder):
    pass


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("smtp://mail.example.org", ("PlainRecorder", "mail.example.org", 25, 20)),
        ("smtps://mail.example.org", ("SSLRecorder", "mail.example.org", 465, 20)),
        ("smtp://mail.example.org:587", ("PlainRecorder", "mail.example.org", 587, 20)),
        ("smtps://mail.example.org:2465", ("SSLRecorder", "mail.example.org", 2465, 20)),
        ("smtp://", ("PlainRecorder", "localhost", 25, 20)),
        ("smtps://", ("SSLRecorder", "localhost", 465, 20)),
        ("smtp+plain://relay.internal", ("PlainRecorder", "relay.internal", 25, 20)),
    ],
)
def test_default_ports_and_host(monkeypatch, url, expected):
    monkeypatch.setattr(Recorder, "made", [])
    monkeypatch.setattr(Recorder, "contexts", [])
    monkeypatch.setattr(smtplib, "SMTP", PlainRecorder)
    monkeypatch.setattr(smtplib, "SMTP_SSL", SSLRecorder)
    send_email(url, to="bo@example.org", subject="s", body="b")
    assert Recorder.made == [expected]
    # smtps and smtp (at STARTTLS) verify the certificate and host name; the plain relay has no TLS.
    verified = [c for c in Recorder.contexts if c is not None]
    assert len(verified) == (0 if url.startswith("smtp+plain") else 1)
    assert all(c.verify_mode == ssl.CERT_REQUIRED and c.check_hostname for c in verified)


def test_smtp_url_comes_from_the_environment(monkeypatch):
    monkeypatch.delenv("CHAMPIONS_SMTP_URL", raising=False)
    assert smtp_url() == ""
    monkeypatch.setenv("CHAMPIONS_SMTP_URL", "smtps://u:p@mail.example.org:465")
    assert smtp_url() == "smtps://u:p@mail.example.org:465"


def test_delivery_errors_are_os_and_smtp_errors():
    assert (OSError, smtplib.SMTPException) == DELIVERY_ERRORS

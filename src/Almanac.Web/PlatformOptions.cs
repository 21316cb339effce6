namespace Almanac.Web;

/// <summary>The platform's settings, bound from the "Platform" configuration section (or set by `almanac serve`).</summary>
public sealed class PlatformOptions
{
    public const string Section = "Platform";

    /// <summary>The year the home page opens submissions for.</summary>
    public int CurrentYear { get; set; } = 2023;

    /// <summary>How long a session lasts without a request, in minutes (sliding: each request moves the deadline on).</summary>
    public int SessionMinutes { get; set; } = 480;

    /// <summary>How long a session lasts at most after signing in, in hours, however busy.</summary>
    public int SessionMaxHours { get; set; } = 12;

    /// <summary>
    /// A PKCS#12 file whose certificate encrypts the data-protection keys the store keeps (they protect sessions);
    /// without it the keys are stored as they are, readable by whoever can read the store.
    /// </summary>
    public string? KeyCertificate { get; set; }

    /// <summary>The password of <see cref="KeyCertificate"/>, if it has one.</summary>
    public string? KeyCertificatePassword { get; set; }

    /// <summary>
    /// The directory the server writes backups into (<c>POST /api/admin/backup</c>, the administration page), each in a new
    /// directory named by the time; none when unset. <c>almanac serve</c> sets it to <c>backups</c> beside a DuckDB store
    /// (or in the working directory for PostgreSQL) unless configured.
    /// </summary>
    public string? BackupRoot { get; set; }

    /// <summary>
    /// How many password hashes (sign-ins, password changes) run at once; 0 means half the processors, at least one. The
    /// rest wait their turn, so that a sign-in storm does not slow down the people already signed in.
    /// </summary>
    public int PasswordHashingConcurrency { get; set; }

    /// <summary>How long a sign-in waits for its turn at the hasher, in seconds, before it is refused as busy (503).</summary>
    public int PasswordHashingQueueSeconds { get; set; } = 60;

    /// <summary>
    /// Whether <c>/api/dataValueSets</c> (and only it) takes HTTP basic authentication of an Almanac account, as DHIS2
    /// clients send it. Off by default: basic authentication sends the password with every request, so it belongs behind
    /// HTTPS and is turned on by whoever runs a DHIS2 client against the platform; each such request costs a password
    /// hash, through the same throttling and hashing pool as a sign-in.
    /// </summary>
    public bool Dhis2BasicAuth { get; set; }
}

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
}

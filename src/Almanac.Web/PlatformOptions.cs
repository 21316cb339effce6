namespace Almanac.Web;

/// <summary>The platform's settings, bound from the "Platform" configuration section (or set by `almanac serve`).</summary>
public sealed class PlatformOptions
{
    public const string Section = "Platform";

    /// <summary>The year the home page opens submissions for.</summary>
    public int CurrentYear { get; set; } = 2023;

    /// <summary>Failed sign-ins in a row before an account is locked.</summary>
    public int MaxFailedSignIns { get; set; } = 5;

    /// <summary>How long a locked account stays locked, in minutes.</summary>
    public int LockoutMinutes { get; set; } = 15;

    /// <summary>How long a session lasts without activity, in minutes.</summary>
    public int SessionMinutes { get; set; } = 480;

    /// <summary>
    /// A PKCS#12 file whose certificate encrypts the data-protection keys the store keeps (they protect sessions);
    /// without it the keys are stored as they are, readable by whoever can read the store.
    /// </summary>
    public string? KeyCertificate { get; set; }

    /// <summary>The password of <see cref="KeyCertificate"/>, if it has one.</summary>
    public string? KeyCertificatePassword { get; set; }
}

using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Almanac.Tests;

namespace Almanac.Web.Tests;

/// <summary>The data-protection key ring lives in the store: sessions outlive a server and travel to every server of the same store, and no further.</summary>
public sealed class KeyRingTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<HttpStatusCode> SessionStatusAsync(Uri server, string cookies)
    {
        using var http = new HttpClient(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = server };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/session/");
        request.Headers.Add("Cookie", cookies);
        using var response = await http.SendAsync(request, Ct);
        return response.StatusCode;
    }

    [Theory]
    [MemberData(nameof(TestStores.Engines), MemberType = typeof(TestStores))]
    public async Task A_session_is_accepted_after_a_restart_over_the_same_store_and_refused_by_a_server_of_another_store(string engine)
    {
        await using var server = await PlatformServer.StartAsync(engine);
        using var reader = await server.ClientAsync("reader");
        var cookies = reader.CookieHeader;
        Assert.Contains("almanac-session=", cookies, StringComparison.Ordinal);
        Assert.NotEmpty(await server.Store.DataProtectionKeysAsync(Ct));

        await server.RestartAsync();
        Assert.Equal(HttpStatusCode.OK, await SessionStatusAsync(server.Address, cookies));

        // Another store has another key ring: the same cookie means nothing there, though the account name exists in both.
        await using var other = await PlatformServer.StartAsync(engine);
        Assert.Equal(HttpStatusCode.Unauthorized, await SessionStatusAsync(other.Address, cookies));
    }

    [Fact]
    public async Task With_a_key_certificate_the_stored_keys_are_encrypted_and_still_open_sessions()
    {
        using var directory = new TempFolder();
        var certificate = Path.Combine(directory.Path, "keys.pfx");
        using (var rsa = RSA.Create(2048))
        {
            var request = new CertificateRequest("CN=Almanac data protection (test)", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
            await File.WriteAllBytesAsync(certificate, created.Export(X509ContentType.Pkcs12, "secret"), Ct);
        }
        await using var server = await PlatformServer.StartAsync(configure: o => (o.KeyCertificate, o.KeyCertificatePassword) = (certificate, "secret"));
        using var reader = await server.ClientAsync("reader");

        var key = Assert.Single(await server.Store.DataProtectionKeysAsync(Ct));
        Assert.Contains("EncryptedData", key, StringComparison.Ordinal);
        Assert.DoesNotContain("<value>", key, StringComparison.Ordinal);
        await server.RestartAsync();
        Assert.Equal(HttpStatusCode.OK, await SessionStatusAsync(server.Address, reader.CookieHeader));
    }

    /// <summary>A temporary folder deleted on dispose.</summary>
    private sealed class TempFolder : IDisposable
    {
        public string Path { get; } = Directory.CreateTempSubdirectory("almanac-keys-").FullName;

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}

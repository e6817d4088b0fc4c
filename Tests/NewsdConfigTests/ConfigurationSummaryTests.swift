import NewsdConfig
import Testing

@Suite("The check-config summary")
struct ConfigurationSummaryTests {
    @Test("lists paths and settings, then one aligned line per source with its file")
    func summaryLayout() {
        let configuration = NewsdConfiguration(
            configFile: "/etc/newsd/newsd.yaml",
            spoolDirectory: "/var/spool/newsd",
            stateDirectory: "/var/lib/newsd",
            sourcesDirectory: "/etc/newsd/sources.d",
            sources: [
                SourceConfiguration(id: "valley-post", name: "Valley Post",
                                    feeds: ["https://v.example/a", "https://v.example/b"], interval: .seconds(3600),
                                    enabled: false, file: "/etc/newsd/sources.d/valley.yaml"),
                SourceConfiguration(id: "harbor", name: "Harbor Times", feeds: ["https://h.example/rss"],
                                    file: "/etc/newsd/sources.d/harbor.yaml"),
            ]
        )
        #expect(configuration.summary() == """
            config file:  /etc/newsd/newsd.yaml
            spool:        /var/spool/newsd
            state:        /var/lib/newsd
            sources dir:  /etc/newsd/sources.d
            user agent:   newsd/0.1 (+https://github.com/newsd/newsd)
            concurrency:  8
            fetch:        connect 10s, timeout 1m, low speed 1KiB/s for 30s, max body 10MiB, max 5 redirects, host delay 1s
            transfers:    32 at once, 2 per host; failing feeds retried after 1m doubling to 6h
            stories:      copies matched within 30d; stopping lets in-flight items finish for 30s
            sources:      2
              harbor       15m (3m45s–1h)  1 feed(s)  Harbor Times
                file: /etc/newsd/sources.d/harbor.yaml
              valley-post  1h (15m–4h)     2 feed(s)  Valley Post (disabled)
                file: /etc/newsd/sources.d/valley.yaml
            """)
    }
}

package io.screentrail.redact.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TotpSecretDetectorTest {

  private final Detector detector = new TotpSecretDetector();

  @Test
  void findsGroupedSeeds() {
    // As a password manager showed one, and as OCR read it.
    assertThat(Scans.values(detector, "SGHW KQW2 6WEP IAFO VUTA 5E7M PUXB XYLC"))
        .containsExactly("SGHW KQW2 6WEP IAFO VUTA 5E7M PUXB XYLC");
    assertThat(Scans.values(detector, "Setup key: JBSW Y3DP EHPK 3PXP (time based)"))
        .containsExactly("JBSW Y3DP EHPK 3PXP");
    assertThat(Scans.values(detector, "key jbsw y3dp ehpk 3pxp"))
        .containsExactly("jbsw y3dp ehpk 3pxp");
    // Six groups with no digit at all.
    assertThat(Scans.values(detector, "QWER TYUI OPAS DFGH JKLZ XCVB"))
        .containsExactly("QWER TYUI OPAS DFGH JKLZ XCVB");
  }

  @Test
  void findsASeedWrappedAfterAGroup() {
    List<Finding> f =
        Detectors.scan(List.of("Your key: SGHW KQW2 6WEP IAFO", "VUTA 5E7M PUXB XYLC"));
    assertThat(f).extracting(Finding::detectorId).contains("totp-secret");
    assertThat(f).anySatisfy(x -> assertThat(x.line()).isEqualTo(1));
  }

  @ParameterizedTest
  @ValueSource(strings = {
    "THIS WILL FAIL SOON",
    "FROM 2024 INTO 2025 WITH",
    "card 4111 1111 1111 1111",
    "IBAN DE89 3704 0044 0532 0130 00",
    "this will fail when the room 2b12 opens",
    "ABC1 DEF2 GHI3",
    "code jbsw y3dp ehpk pxpq",
  })
  void ignoresWordsNumbersAndShortRuns(String line) {
    assertThat(Scans.values(detector, line)).isEmpty();
  }
}

package io.concertsale.gateway.shop.qr;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.decoder.Decoder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class QrCodesTest {

    private static final Pattern VIEW_BOX = Pattern.compile("viewBox=\"0 0 (\\d+) (\\d+)\"");
    private static final Pattern RUN = Pattern.compile("M(\\d+) (\\d+)h(\\d+)v1h-(\\d+)z");

    @Test
    void svgIsAQrCodeThatReadsBackAsTheTicketCode() throws Exception {
        String svg = QrCodes.svg("C5XXAFQXTNAW", "QR code of ticket C5XXAFQXTNAW");

        assertThat(decode(svg)).isEqualTo("C5XXAFQXTNAW");
        assertThat(svg).startsWith("<svg xmlns=\"http://www.w3.org/2000/svg\"")
                .contains("<title>QR code of ticket C5XXAFQXTNAW</title>");
    }

    @Test
    void longerTextStillReadsBack() throws Exception {
        String text = "https://tickets.example/#/tickets/0f6c1c0e-8a0e-4a4f-9d4b-8f5d1c9d2f11";

        assertThat(decode(QrCodes.svg(text, "link"))).isEqualTo(text);
    }

    @Test
    void symbolHasTheStandardQuietZone() {
        BitMatrix modules = QrCodes.matrix("ABC123");

        for (int i = 0; i < modules.getWidth(); i++) {
            for (int margin = 0; margin < QrCodes.QUIET_ZONE; margin++) {
                assertThat(modules.get(i, margin)).as("top row %d, column %d", margin, i).isFalse();
                assertThat(modules.get(margin, i)).as("left column %d, row %d", margin, i).isFalse();
            }
        }
        assertThat(modules.get(QrCodes.QUIET_ZONE, QrCodes.QUIET_ZONE)).as("finder pattern corner").isTrue();
    }

    @Test
    void titleIsEscaped() {
        assertThat(QrCodes.svg("X", "<script>&\"")).contains("<title>&lt;script&gt;&amp;&quot;</title>")
                .doesNotContain("<script>");
    }

    /** Reads the SVG's runs back into modules, crops the quiet zone and decodes them with ZXing's own decoder. */
    private static String decode(String svg) throws Exception {
        Matcher box = VIEW_BOX.matcher(svg);
        assertThat(box.find()).isTrue();
        int size = Integer.parseInt(box.group(1));
        assertThat(Integer.parseInt(box.group(2))).isEqualTo(size);
        int symbol = size - 2 * QrCodes.QUIET_ZONE;
        BitMatrix modules = new BitMatrix(symbol);
        Matcher run = RUN.matcher(svg);
        int runs = 0;
        while (run.find()) {
            runs++;
            int x = Integer.parseInt(run.group(1));
            int y = Integer.parseInt(run.group(2));
            int length = Integer.parseInt(run.group(3));
            assertThat(run.group(4)).isEqualTo(run.group(3));
            modules.setRegion(x - QrCodes.QUIET_ZONE, y - QrCodes.QUIET_ZONE, length, 1);
        }
        assertThat(runs).isPositive();
        return new Decoder().decode(modules).getText();
    }
}

package io.concertsale.gateway.shop.qr;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * QR codes as SVG: the symbol is encoded by ZXing (error correction level M, the standard quiet zone of four modules)
 * and drawn as one path of dark runs, one unit per module, so it scales sharply to any size.
 */
public final class QrCodes {

    /** Modules of light margin around the symbol (the QR standard's quiet zone). */
    public static final int QUIET_ZONE = 4;

    private QrCodes() {
    }

    /** The modules of the QR code for the text, quiet zone included ({@code true} = dark). */
    public static BitMatrix matrix(String text) {
        try {
            return new QRCodeWriter().encode(text, BarcodeFormat.QR_CODE, 0, 0, Map.of(
                    EncodeHintType.ERROR_CORRECTION, ErrorCorrectionLevel.M,
                    EncodeHintType.CHARACTER_SET, StandardCharsets.UTF_8.name(),
                    EncodeHintType.MARGIN, QUIET_ZONE));
        } catch (WriterException e) {
            throw new IllegalArgumentException("Cannot encode a QR code of " + text.length() + " characters", e);
        }
    }

    /** An SVG image of the QR code for the text, with a title for screen readers. */
    public static String svg(String text, String title) {
        BitMatrix modules = matrix(text);
        int width = modules.getWidth();
        int height = modules.getHeight();
        StringBuilder path = new StringBuilder();
        for (int y = 0; y < height; y++) {
            int x = 0;
            while (x < width) {
                if (!modules.get(x, y)) {
                    x++;
                    continue;
                }
                int run = 1;
                while (x + run < width && modules.get(x + run, y)) {
                    run++;
                }
                path.append('M').append(x).append(' ').append(y).append('h').append(run).append("v1h-").append(run)
                        .append('z');
                x += run;
            }
        }
        return """
                <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" shape-rendering="crispEdges" \
                role="img" aria-label="%s"><title>%s</title><rect width="%d" height="%d" fill="#fff"/>\
                <path fill="#000" d="%s"/></svg>
                """.formatted(width, height, escape(title), escape(title), width, height, path);
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}

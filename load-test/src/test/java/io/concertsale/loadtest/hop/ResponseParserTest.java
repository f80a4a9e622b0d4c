package io.concertsale.loadtest.hop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ResponseParserTest {

    private final ResponseParser parser = new ResponseParser();

    private int parse(String response) throws IOException {
        byte[] bytes = response.getBytes(StandardCharsets.US_ASCII);
        return parser.parse(bytes, 0, bytes.length);
    }

    @Test
    void emptyAnswerEndsAfterItsHeaders() throws IOException {
        String answer = "HTTP/1.1 202 \r\nContent-Length: 0\r\nDate: Thu, 03 Dec 2026 15:46:36 GMT\r\n\r\n";

        assertThat(parse(answer)).isEqualTo(answer.length());
        assertThat(parser.status()).isEqualTo(202);
        assertThat(parser.closes()).isFalse();
    }

    @Test
    void bodyIsReadToItsContentLength() throws IOException {
        String answer = "HTTP/1.1 400 Bad Request\r\ncontent-length: 11\r\n\r\n{\"bad\":1}\r\n";

        assertThat(parse(answer)).isEqualTo(answer.length());
        assertThat(parser.status()).isEqualTo(400);
    }

    @Test
    void chunkedBodyEndsAfterItsLastChunkAndTrailers() throws IOException {
        String answer = "HTTP/1.1 429 \r\nTransfer-Encoding: chunked\r\n\r\n5;ext=1\r\nhello\r\n6\r\n world\r\n0\r\n"
                + "Trailer: x\r\n\r\n";

        assertThat(parse(answer)).isEqualTo(answer.length());
        assertThat(parser.status()).isEqualTo(429);
    }

    @Test
    void partialAnswerIsIncompleteWhereverItStops() throws IOException {
        String answer = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n3\r\nabc\r\n0\r\n\r\n";
        for (int cut = 0; cut < answer.length(); cut++) {
            assertThat(parse(answer.substring(0, cut))).as("cut at %d", cut).isEqualTo(ResponseParser.INCOMPLETE);
        }
        assertThat(parse(answer)).isEqualTo(answer.length());
        assertThat(parser.closes()).isTrue();
    }

    @Test
    void secondAnswerIsNotPartOfTheFirst() throws IOException {
        String first = "HTTP/1.1 202 \r\nContent-Length: 0\r\n\r\n";

        assertThat(parse(first + "HTTP/1.1 202 \r\nContent-Length: 0\r\n\r\n")).isEqualTo(first.length());
    }

    @Test
    void answerWithoutALengthIsRefused() {
        assertThatThrownBy(() -> parse("HTTP/1.1 200 OK\r\n\r\nuntil the end")).hasMessageContaining("without");
    }

    @Test
    void somethingElseThanHttpIsRefused() {
        assertThatThrownBy(() -> parse("SSH-2.0-OpenSSH_9.2\r\n")).hasMessageContaining("HTTP");
    }
}

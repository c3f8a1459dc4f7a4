// javac Maps.java && java -Xmx256m -cp . Maps   # writes java.maps
// Warms up the JIT (C1 and C2 compile the hot loop into the code cache), then saves this JVM's
// memory map: the Java heap reservation, the code cache, class metaspace, thread stacks.
import java.nio.file.*;
public class Maps {
  static double hot(int n) { double s = 0; for (int i = 0; i < n; i++) s += Math.sqrt(i) * (i & 7); return s; }
  public static void main(String[] args) throws Exception {
    double total = 0;
    for (int k = 0; k < 20000; k++) total += hot(10000);
    Files.write(Paths.get("java.maps"), Files.readAllBytes(Paths.get("/proc/self/maps")));
    System.out.println(total > 0);
  }
}
